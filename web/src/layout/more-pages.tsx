import { Fragment, useState, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

// A long list read a page at a time over its connection: each page is a query of its own, after
// the cursor that ended the page before, and "More" adds the next one below. Pages already shown
// stay as they are (keyset cursors: what is added meanwhile moves nothing).

export interface PageProps {
  /** Where this page starts: null for the first. */
  after: string | null;
  /** Whether this is the lowest page, the one that offers more. */
  last: boolean;
  onMore: (endCursor: string) => void;
}

export function MorePages({ page }: { page: (props: PageProps) => ReactNode }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const onMore = (cursor: string) => setCursors((all) => (all.includes(cursor) ? all : [...all, cursor]));
  return cursors.map((after, index) => (
    <Fragment key={after ?? ''}>{page({ after, last: index === cursors.length - 1, onMore })}</Fragment>
  ));
}

/** The button under the lowest page, while the list goes on. */
export function MoreButton({
  page,
  pageInfo,
}: {
  page: PageProps;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}) {
  const cursor = pageInfo.endCursor;
  if (!page.last || !pageInfo.hasNextPage || !cursor) return null;
  return (
    <button type="button" className="more" onClick={() => page.onMore(cursor)}>
      <FormattedMessage id="list.more" />
    </button>
  );
}
