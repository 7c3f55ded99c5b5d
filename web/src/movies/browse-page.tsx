import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { MovieType } from '../gql/graphql';
import { ErrorMessage } from '../i18n/error-message';
import { MovieCard } from './movie-card';

const PAGE_SIZE = 12;
const SEARCH_DELAY_MS = 300;
const TABS: { type: MovieType; label: string }[] = [
  { type: 'ALL', label: 'browse.all' },
  { type: 'FREE', label: 'browse.free' },
  { type: 'CHARGE', label: 'browse.paid' },
];

const MoviesQuery = graphql(`
  query Movies($type: MovieType!, $search: String, $first: Int!, $after: String) {
    movies(type: $type, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          ...MovieCardFields
        }
      }
    }
  }
`);

interface Paging {
  type: MovieType;
  search: string;
  cursors: (string | null)[];
}

/** `value`, once it has stopped changing for `delayMs`. */
function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export function BrowsePage() {
  const intl = useIntl();
  const [type, setType] = useState<MovieType>('ALL');
  const [typed, setTyped] = useState('');
  const search = useDebounced(typed.trim(), SEARCH_DELAY_MS);
  // Cursors of the pages before this one, to go back over a forward-only connection. They belong to
  // one list: another kind or search starts again at its first page.
  const [paging, setPaging] = useState<Paging>({ type, search, cursors: [null] });
  const cursors = paging.type === type && paging.search === search ? paging.cursors : [null];
  const setCursors = (next: (string | null)[]) => setPaging({ type, search, cursors: next });
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, error, fetching }] = useQuery({
    query: MoviesQuery,
    variables: { type, search: search || null, first: PAGE_SIZE, after },
  });
  const movies = data?.movies;

  return (
    <main>
      <h1>
        <FormattedMessage id="browse.title" />
      </h1>
      <div className="toolbar">
        <div role="group" aria-label={intl.formatMessage({ id: 'browse.kind' })} className="tabs">
          {TABS.map((tab) => (
            <button key={tab.type} type="button" aria-pressed={type === tab.type} onClick={() => setType(tab.type)}>
              <FormattedMessage id={tab.label} />
            </button>
          ))}
        </div>
        <label className="search">
          <span className="visually-hidden">
            <FormattedMessage id="browse.search" />
          </span>
          <input
            type="search"
            value={typed}
            placeholder={intl.formatMessage({ id: 'browse.search' })}
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
      </div>
      <ErrorMessage error={error} />
      {movies && (
        <>
          <p role="status" aria-live="polite">
            <FormattedMessage id="browse.count" values={{ count: movies.totalCount }} />
          </p>
          <ul className="cards" aria-busy={fetching}>
            {movies.edges.map(({ node }) => (
              <MovieCard key={node.id} movie={node} />
            ))}
          </ul>
          <nav className="pager" aria-label={intl.formatMessage({ id: 'browse.pages' })}>
            <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
              <FormattedMessage id="browse.previous" />
            </button>
            <span>
              <FormattedMessage id="browse.page" values={{ page: cursors.length }} />
            </span>
            <button
              type="button"
              disabled={!movies.pageInfo.hasNextPage}
              onClick={() => setCursors([...cursors, movies.pageInfo.endCursor ?? null])}
            >
              <FormattedMessage id="browse.next" />
            </button>
          </nav>
        </>
      )}
    </main>
  );
}
