// What every request of the clients carries. Pure: the web client and the CLI both import it.

/**
 * The headers of an API request: the CSRF header marks it as an application's (the server takes a
 * multipart or tus request only with it, never a browser's plain form post), and the session token
 * when there is one (the web client's session is its cookie instead).
 */
export function requestHeaders(token?: string): Record<string, string> {
  return { 'x-graphql-yoga-csrf': '1', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}
