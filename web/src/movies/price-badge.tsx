import { FormattedMessage } from 'react-intl';

/** What this viewer pays: free, already bought, or a price in coins. */
export function PriceBadge({ isFree, price }: { isFree: boolean; price: number }) {
  const id = isFree ? 'price.free' : price === 0 ? 'price.owned' : 'price.coins';
  return (
    <span className={`badge ${isFree ? 'free' : price === 0 ? 'owned' : 'paid'}`}>
      <FormattedMessage id={id} values={{ price }} />
    </span>
  );
}
