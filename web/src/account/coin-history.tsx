import { FormattedMessage, useIntl } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { MorePages, type PageProps } from '../layout/more-pages';
import { CoinRows, CoinTable } from './coin-entries';

const CoinHistoryQuery = graphql(`
  query CoinHistory($after: String) {
    coinHistory(first: 20, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...CoinEntryFields
        }
      }
    }
  }
`);

function CoinPage(page: PageProps) {
  const [{ data, error }] = useQuery({
    query: CoinHistoryQuery,
    variables: { after: page.after },
    requestPolicy: 'network-only',
  });
  return <CoinRows page={page} connection={data?.coinHistory} error={error} />;
}

export function CoinHistory() {
  const intl = useIntl();
  return (
    <section aria-labelledby="coin-history" data-testid="coin-history">
      <h2 id="coin-history">
        <FormattedMessage id="account.coins" />
      </h2>
      <CoinTable caption={intl.formatMessage({ id: 'account.coins' })}>
        <MorePages page={(page) => <CoinPage {...page} />} />
      </CoinTable>
    </section>
  );
}
