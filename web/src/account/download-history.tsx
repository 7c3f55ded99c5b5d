import { FormattedDate, FormattedMessage } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { Link } from '../routing';

const DownloadHistoryQuery = graphql(`
  query DownloadHistory {
    downloadRecords(first: 20) {
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

export function DownloadHistory() {
  const [{ data, error }] = useQuery({ query: DownloadHistoryQuery, requestPolicy: 'network-only' });
  const records = data?.downloadRecords.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="download-history">
      <h2 id="download-history">
        <FormattedMessage id="account.downloads" />
      </h2>
      <ErrorMessage error={error} />
      {data && records.length === 0 && (
        <p>
          <FormattedMessage id="account.noDownloads" />
        </p>
      )}
      <ul className="plain">
        {records.map((record) => (
          <li key={record.id}>
            {record.movie.isDeleted ? (
              record.movie.name
            ) : (
              <Link to={`/movies/${encodeURIComponent(record.movie.id)}`}>{record.movie.name}</Link>
            )}{' '}
            · <FormattedDate value={record.downloadedAt} dateStyle="short" timeStyle="short" /> ·{' '}
            <FormattedMessage id="account.paid" values={{ price: record.price }} />
          </li>
        ))}
      </ul>
    </section>
  );
}
