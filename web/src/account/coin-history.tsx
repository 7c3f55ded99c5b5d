import { FormattedMessage, useIntl } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { CoinEntries } from './coin-entries';

const CoinHistoryQuery = graphql(`
  query CoinHistory {
    coinHistory(first: 20) {
      edges {
        node {
          ...CoinEntryFields
        }
      }
    }
  }
`);

export function CoinHistory() {
  const intl = useIntl();
  const [{ data, error }] = useQuery({ query: CoinHistoryQuery, requestPolicy: 'network-only' });
  return (
    <section aria-labelledby="coin-history">
      <h2 id="coin-history">
        <FormattedMessage id="account.coins" />
      </h2>
      <ErrorMessage error={error} />
      {data && (
        <CoinEntries
          entries={data.coinHistory.edges.map((edge) => edge.node)}
          caption={intl.formatMessage({ id: 'account.coins' })}
        />
      )}
    </section>
  );
}
