/** One GraphQL request as JSON; a refusal throws with the errors. */
export async function gql(url: string, query: string, token?: string, variables: object = {}): Promise<any> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const result = await response.json();
  if (result.errors) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.data;
}
