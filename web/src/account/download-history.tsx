import { FormattedMessage } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { DateTimeText } from '../layout/date-text';
import { MoreButton, MorePages, type PageProps } from '../layout/more-pages';
import { Link } from '../routing';

const DownloadHistoryQuery = graphql(`
  query DownloadHistory($after: String) {
    downloadRecords(first: 20, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          price
          downloadedAt
          movie {
            id
            name
            isDeleted
          }
        }
      }
    }
  }
`);

function DownloadPage(page: PageProps) {
  const [{ data, error }] = useQuery({
    query: DownloadHistoryQuery,
    variables: { after: page.after },
    requestPolicy: 'network-only',
  });
  const records = data?.downloadRecords.edges.map((edge) => edge.node) ?? [];
  return (
    <>
      <ErrorMessage error={error} />
      {data && page.after === null && records.length === 0 && (
        <p>
          <FormattedMessage id="account.noDownloads" />
        </p>
      )}
      {records.length > 0 && (
        <ul className="plain">
          {records.map((record) => (
            <li key={record.id}>
              {record.movie.isDeleted ? (
                record.movie.name
              ) : (
                <Link to={`/movies/${encodeURIComponent(record.movie.id)}`}>{record.movie.name}</Link>
              )}{' '}
              · <DateTimeText value={record.downloadedAt} /> ·{' '}
              <FormattedMessage id="account.paid" values={{ price: record.price }} />
            </li>
          ))}
        </ul>
      )}
      {data && <MoreButton page={page} pageInfo={data.downloadRecords.pageInfo} />}
    </>
  );
}

export function DownloadHistory() {
  return (
    <section aria-labelledby="download-history" data-testid="download-history">
      <h2 id="download-history">
        <FormattedMessage id="account.downloads" />
      </h2>
      <MorePages page={(page) => <DownloadPage {...page} />} />
    </section>
  );
}
