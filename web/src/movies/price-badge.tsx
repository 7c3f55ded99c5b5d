import { FormattedMessage } from 'react-intl';
import { useSession } from '../session/session';

/**
 * What this viewer pays: free, already bought, or a price in coins. An admin pays nothing, so an
 * admin reads the video's price type instead: paid or free.
 */
export function PriceBadge({ isFree, price }: { isFree: boolean; price: number }) {
  const admin = useSession().viewer?.role === 'ADMIN';
  const kind = isFree ? 'free' : admin ? 'paid' : price === 0 ? 'owned' : 'coins';
  return (
    <span className={`badge ${kind === 'coins' ? 'paid' : kind}`} data-testid="price-badge">
      <FormattedMessage id={`price.${kind}`} values={{ price }} />
    </span>
  );
}
