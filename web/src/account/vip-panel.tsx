import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { errorCode } from '../graphql/errors';
import { ErrorMessage } from '../i18n/error-message';
import { ConfirmDialog } from '../layout/confirm-dialog';
import { useSession, useViewer } from '../session/session';

const VipPriceQuery = graphql(`
  query VipPrice {
    vipPrice
  }
`);

const BuyVipMutation = graphql(`
  mutation BuyVip {
    buyVip {
      id
      isVip
      balance
    }
  }
`);

export function VipPanel() {
  const viewer = useViewer();
  const session = useSession();
  const [{ data }] = useQuery({ query: VipPriceQuery });
  const [buyState, buy] = useMutation(BuyVipMutation);
  const [confirming, setConfirming] = useState(false);
  const price = data?.vipPrice ?? 0;
  const confirm = async () => {
    setConfirming(false);
    if (!(await buy({}, { additionalTypenames: ['CoinEntry'] })).error) session.refresh();
  };
  return (
    <section aria-labelledby="vip">
      <h2 id="vip">
        <FormattedMessage id="vip.title" />
      </h2>
      {viewer.isVip ? (
        <p data-testid="vip-status">
          <FormattedMessage id="vip.is" />
        </p>
      ) : (
        <>
          <p data-testid="vip-status">
            <FormattedMessage id="vip.offer" values={{ price }} />
          </p>
          <button type="button" className="primary" onClick={() => setConfirming(true)} disabled={!data}>
            <FormattedMessage id="vip.buy" values={{ price }} />
          </button>
        </>
      )}
      {buyState.error && errorCode(buyState.error) === 'INSUFFICIENT_FUNDS' ? (
        <p role="alert" className="error">
          <FormattedMessage id="movie.missingCoins" values={{ missing: Math.max(1, price - viewer.balance) }} />
        </p>
      ) : (
        <ErrorMessage error={buyState.error} />
      )}
      <ConfirmDialog
        open={confirming}
        title={<FormattedMessage id="vip.confirmTitle" />}
        confirmLabel={<FormattedMessage id="vip.buy" values={{ price }} />}
        onConfirm={() => void confirm()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <FormattedMessage
            id="vip.confirmText"
            values={{ price, balance: viewer.balance, after: viewer.balance - price }}
          />
        </p>
      </ConfirmDialog>
    </section>
  );
}
