import { cacheExchange, Client, fetchExchange, mapExchange } from 'urql';
import { ROUTES } from '../../../domain/core/routes';
import { errorCode } from './errors';

/**
 * The one urql client of the app. `onUnauthenticated` hears every UNAUTHENTICATED answer, so that
 * an expired session leads back to sign-in with a message.
 */
export function createGraphQLClient(onUnauthenticated: () => void): Client {
  return new Client({
    url: ROUTES.graphql,
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    // Multipart uploads are form posts: the server wants this header on them to rule out CSRF.
    fetchOptions: { headers: { 'x-graphql-yoga-csrf': '1' } },
    exchanges: [
      mapExchange({
        onError(error) {
          if (errorCode(error) === 'UNAUTHENTICATED') onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
