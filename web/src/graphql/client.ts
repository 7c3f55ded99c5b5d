import { cacheExchange, Client, fetchExchange, mapExchange } from 'urql';
import { requestHeaders } from '../../../client-transport/headers.js';
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
    // The session is the cookie: no token, only the CSRF header that multipart uploads need.
    fetchOptions: { headers: requestHeaders() },
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
