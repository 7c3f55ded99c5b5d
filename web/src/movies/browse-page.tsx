import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { MovieSort, MovieType } from '../gql/graphql';
import { ErrorMessage } from '../i18n/error-message';
import { Link, navigate, useEntryKey, useRestoredScroll, useSearch } from '../routing';
import { catalogueQueryOf, catalogueUrl, firstPageWith, SORTS, type CatalogueQuery } from './catalogue-query';
import { MovieCard } from './movie-card';

const PAGE_SIZE = 12;
const SEARCH_DELAY_MS = 300;
const TABS: { type: MovieType; label: string }[] = [
  { type: 'ALL', label: 'browse.all' },
  { type: 'FREE', label: 'browse.free' },
  { type: 'CHARGE', label: 'browse.paid' },
];

const MoviesQuery = graphql(`
  query Movies(
    $type: MovieType!
    $search: String
    $sort: MovieSort!
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    movies(type: $type, search: $search, sort: $sort, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
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

/** The search box: what is typed goes into the address once it has stopped changing for a moment. */
function SearchBox({ query }: { query: CatalogueQuery }) {
  const intl = useIntl();
  const [typed, setTyped] = useState(query.search);
  useEffect(() => {
    const timer = setTimeout(() => {
      const current = catalogueQueryOf(location.search);
      // Typing rewrites this entry: Back leaves the list, it does not replay each letter.
      if (typed.trim() !== current.search)
        navigate(firstPageWith(current, { search: typed.trim() }), { replace: true });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  return (
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
  );
}

export function BrowsePage() {
  const intl = useIntl();
  const query = catalogueQueryOf(useSearch());
  // Back and Forward bring another entry's search: the box starts again from the address.
  const entry = useEntryKey();
  const page = query.before ? { last: PAGE_SIZE, before: query.before } : { first: PAGE_SIZE, after: query.after };
  const [{ data, error, fetching }] = useQuery({
    query: MoviesQuery,
    variables: { type: query.type, search: query.search || null, sort: query.sort, ...page },
  });
  const movies = data?.movies;
  useRestoredScroll(Boolean(movies) && !fetching);

  return (
    <main>
      <h1>
        <FormattedMessage id="browse.title" />
      </h1>
      <div className="toolbar">
        <div role="group" aria-label={intl.formatMessage({ id: 'browse.kind' })} className="tabs">
          {TABS.map((tab) => (
            <button
              key={tab.type}
              type="button"
              aria-pressed={query.type === tab.type}
              onClick={() => navigate(firstPageWith(query, { type: tab.type }))}
            >
              <FormattedMessage id={tab.label} />
            </button>
          ))}
        </div>
        <label className="sort">
          <FormattedMessage id="browse.sort" />
          <select
            value={query.sort}
            onChange={(e) => navigate(firstPageWith(query, { sort: e.target.value as MovieSort }))}
          >
            {Object.keys(SORTS).map((sort) => (
              <option key={sort} value={sort}>
                {intl.formatMessage({ id: `browse.sort.${sort}` })}
              </option>
            ))}
          </select>
        </label>
        <SearchBox key={entry} query={query} />
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
            {movies.pageInfo.hasPreviousPage && movies.pageInfo.startCursor && (
              <Link to={catalogueUrl({ ...query, after: null, before: movies.pageInfo.startCursor })} rel="prev">
                <FormattedMessage id="browse.previous" />
              </Link>
            )}
            {movies.pageInfo.hasNextPage && movies.pageInfo.endCursor && (
              <Link to={catalogueUrl({ ...query, before: null, after: movies.pageInfo.endCursor })} rel="next">
                <FormattedMessage id="browse.next" />
              </Link>
            )}
          </nav>
        </>
      )}
    </main>
  );
}
