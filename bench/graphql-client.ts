/** One GraphQL request as JSON; a refusal throws with the errors. `T` is the data the query selects. */
export async function gql<T = unknown>(url: string, query: string, token?: string, variables: object = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const result = (await response.json()) as { data?: T; errors?: unknown[] };
  if (result.errors || result.data === undefined) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.data;
}
