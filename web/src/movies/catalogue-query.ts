import type { MovieSort, MovieType } from '../gql/graphql';

// The list of videos a person is looking at lives in the address, so that Back, Forward, a
// reload and a shared link all open the same list: `/?type=free&search=cat&sort=name&after=…`.
// What is the default is left out, and a value the client does not know is read as the default.

export interface CatalogueQuery {
  type: MovieType;
  search: string;
  sort: MovieSort;
  /** A page after this cursor, or before that one (Previous), else the first page. */
  after: string | null;
  before: string | null;
}

export const TYPES: Record<MovieType, string> = { ALL: 'all', FREE: 'free', CHARGE: 'paid' };
export const SORTS: Record<MovieSort, string> = {
  NEWEST: 'newest',
  OLDEST: 'oldest',
  NAME: 'name',
  LONGEST: 'longest',
};

function keyOf<K extends string>(words: Record<K, string>, word: string | null, fallback: K): K {
  const found = Object.entries(words).find(([, value]) => value === word);
  return found ? (found[0] as K) : fallback;
}

export function catalogueQueryOf(search: string): CatalogueQuery {
  const params = new URLSearchParams(search);
  return {
    type: keyOf(TYPES, params.get('type'), 'ALL'),
    search: params.get('search')?.trim() ?? '',
    sort: keyOf(SORTS, params.get('sort'), 'NEWEST'),
    after: params.get('after') || null,
    before: params.get('before') || null,
  };
}

/** The address of the list `query` names. */
export function catalogueUrl(query: CatalogueQuery): string {
  const params = new URLSearchParams();
  if (query.type !== 'ALL') params.set('type', TYPES[query.type]);
  if (query.search) params.set('search', query.search);
  if (query.sort !== 'NEWEST') params.set('sort', SORTS[query.sort]);
  if (query.after) params.set('after', query.after);
  else if (query.before) params.set('before', query.before);
  const text = params.toString();
  return text ? `/?${text}` : '/';
}

/** The first page of the list with `change` made: a new type, search or sort starts from the top. */
export function firstPageWith(query: CatalogueQuery, change: Partial<CatalogueQuery>): string {
  return catalogueUrl({ ...query, ...change, after: null, before: null });
}
