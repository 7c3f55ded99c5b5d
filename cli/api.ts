import { Client, fetchExchange, type AnyVariables, type CombinedError, type TypedDocumentNode } from '@urql/core';
import { requestHeaders } from '../client-transport/headers.js';
import { ROUTES } from '../domain/core/routes.js';
import { CliError } from './errors.js';

/** The server's answer as one error: the API's code and its sentence, or why it could not be reached. */
function errorOf(error: CombinedError, server: string): CliError {
  const [first] = error.graphQLErrors;
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : undefined;
    const reason = typeof first.extensions?.reason === 'string' ? first.extensions.reason : undefined;
    return new CliError(first.message, code, 1, reason);
  }
  const cause = (error.networkError?.cause as Error | undefined)?.message ?? error.networkError?.message;
  return new CliError(`Cannot reach the server at ${server}: ${cause ?? error.message}.`);
}

/** A GraphQL client for one server, logged in when it has a token. */
export class Api {
  private readonly client: Client;

  constructor(
    readonly server: string,
    readonly token?: string,
  ) {
    this.client = new Client({
      url: `${server}${ROUTES.graphql}`,
      exchanges: [fetchExchange],
      requestPolicy: 'network-only',
      fetchOptions: { headers: requestHeaders(token) },
    });
  }

  async query<Data, Variables extends AnyVariables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
  ): Promise<Data> {
    const result = await this.client.query(document, variables).toPromise();
    if (result.error) throw errorOf(result.error, this.server);
    return result.data as Data;
  }

  async mutation<Data, Variables extends AnyVariables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
  ): Promise<Data> {
    const result = await this.client.mutation(document, variables).toPromise();
    if (result.error) throw errorOf(result.error, this.server);
    return result.data as Data;
  }
}
