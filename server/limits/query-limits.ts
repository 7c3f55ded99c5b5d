import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { RequestReason } from '../../domain/core/errors.js';

/**
 * The cost that the largest page of any list (`first: 100`) with every field fits in, with room for
 * a client that asks for two or three such pages at once; the defaults (5000) refused honest pages.
 */
export const MAX_QUERY_COST = 30_000;

type Limit = 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'maxTokens' | 'costLimit';

const REFUSALS: Record<Limit, { reason: RequestReason; advice: string }> = {
  costLimit: { reason: 'QUERY_TOO_COSTLY', advice: 'This query is too costly; ask for fewer items or fewer fields' },
  maxDepth: { reason: 'QUERY_TOO_DEEP', advice: 'This query nests too deeply' },
  maxAliases: { reason: 'TOO_MANY_ALIASES', advice: 'This query has too many aliases' },
  maxDirectives: { reason: 'TOO_MANY_DIRECTIVES', advice: 'This query has too many directives' },
  maxTokens: { reason: 'TOO_MANY_TOKENS', advice: 'This query is too long' },
};

/**
 * Armor words its refusals as "Syntax Error: …" with no code; each becomes a refusal that says which
 * limit it is (BAD_USER_INPUT, with the limit as `reason`), thrown where armor would throw its own.
 */
function refusal(limit: Limit) {
  const { reason, advice } = REFUSALS[limit];
  return {
    propagateOnRejection: false,
    onReject: [
      (_context: unknown, error: GraphQLError) => {
        const detail = error.message.replace(/^Syntax Error: /, '');
        throw new GraphQLError(`${advice} (${detail})`, {
          extensions: { code: 'BAD_USER_INPUT', reason, http: { status: 400 } },
        });
      },
    ],
  };
}

const limits = {
  costLimit: { maxCost: MAX_QUERY_COST, ...refusal('costLimit') },
  // Depth counts fields, not fragment spreads: a client that keeps a fragment beside each component
  // would otherwise meet the limit a level or two early.
  maxDepth: { flattenFragments: true, ...refusal('maxDepth') },
  // Armor leaves aliases of (and named) `__typename` out of the count by default: 20 of them passed
  // where 15 are allowed. Each is a field to resolve like any other.
  maxAliases: { allowList: [], ...refusal('maxAliases') },
  maxDirectives: refusal('maxDirectives'),
  maxTokens: refusal('maxTokens'),
};

/**
 * graphql-armor with our limits: what keeps one request from costing the server too much. "Did you
 * mean …?" suggestions help whoever explores the API in GraphiQL; with GraphiQL off (production)
 * they would map the schema for a stranger, so they go with it.
 */
export function queryLimitsPlugin(suggestFields: boolean) {
  return EnvelopArmorPlugin({ ...limits, blockFieldSuggestion: { enabled: !suggestFields } });
}
