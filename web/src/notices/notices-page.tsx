import { useMemo } from 'react';
import { FormattedMessage } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { DateTimeText } from '../layout/date-text';
import { MoreButton, MorePages, type PageProps } from '../layout/more-pages';
import { useViewer } from '../session/session';
import { NoticeForm } from '../admin/notice-form';

const NoticesQuery = graphql(`
  query Notices($after: String) {
    notices(first: 20, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          content
          createdAt
          author {
            id
            name
          }
        }
      }
    }
  }
`);

function NoticePage(page: PageProps) {
  // An empty list tells the cache no typename: name it, so that a new notice refreshes the list.
  const context = useMemo(() => ({ additionalTypenames: ['Notice'] }), []);
  const [{ data, error }] = useQuery({ query: NoticesQuery, variables: { after: page.after }, context });
  const notices = data?.notices.edges.map((edge) => edge.node) ?? [];
  return (
    <>
      <ErrorMessage error={error} />
      {data && page.after === null && notices.length === 0 && (
        <p>
          <FormattedMessage id="notices.none" />
        </p>
      )}
      {notices.map((notice) => (
        <article key={notice.id} className="notice-item">
          <h2>{notice.title}</h2>
          <p className="meta">
            <FormattedMessage id="notices.by" values={{ name: notice.author.name }} /> ·{' '}
            <DateTimeText value={notice.createdAt} />
          </p>
          <p className="content">{notice.content}</p>
        </article>
      ))}
      {data && <MoreButton page={page} pageInfo={data.notices.pageInfo} />}
    </>
  );
}

export function NoticesPage() {
  const viewer = useViewer();
  return (
    <main>
      <h1>
        <FormattedMessage id="notices.title" />
      </h1>
      {viewer.role === 'ADMIN' && <NoticeForm />}
      <MorePages page={(page) => <NoticePage {...page} />} />
    </main>
  );
}
