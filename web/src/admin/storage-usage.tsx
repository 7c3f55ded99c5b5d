import { FormattedMessage, useIntl } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { formatBytes } from '../layout/format';

const StorageUsageQuery = graphql(`
  query StorageUsage {
    storageUsage {
      bytes
      originals
      renditions
      pictures
      unfinishedUploads
    }
  }
`);

const PARTS = ['originals', 'renditions', 'pictures', 'unfinishedUploads'] as const;

/** What the videos take in storage, as the server last measured it, for the admin pages. */
export function StorageUsage() {
  const intl = useIntl();
  const [{ data, error }] = useQuery({ query: StorageUsageQuery, requestPolicy: 'cache-and-network' });
  const usage = data?.storageUsage;
  return (
    <section className="panel storage" aria-labelledby="storage-title" data-testid="storage-usage">
      <h2 id="storage-title">
        <FormattedMessage id="storage.title" />
      </h2>
      <ErrorMessage error={error} />
      {usage && (
        <dl>
          <dt>
            <FormattedMessage id="storage.bytes" />
          </dt>
          <dd>{formatBytes(intl, usage.bytes)}</dd>
          {PARTS.map((part) => (
            <div key={part}>
              <dt>
                <FormattedMessage id={`storage.${part}`} />
              </dt>
              <dd>{formatBytes(intl, usage[part])}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
