import { expect } from 'vitest';
import { expectListedRefusal } from './refusals.js';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

/** A GraphQL-over-HTTP client for tests, logged in when it has a token. */
export class Client {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  as(token: string | undefined): Client {
    return new Client(this.url, token);
  }

  async request<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: GraphQLErrorShape[] };
    return { status: response.status, headers: response.headers, ...body };
  }

  /** Runs an operation that must succeed, and returns its data. */
  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.request<T>(query, variables);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data as T;
  }

  /** Runs an operation that must fail with `code`, and returns the error. */
  async fails(code: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLErrorShape> {
    const result = await this.request(query, variables);
    const error = result.errors?.[0];
    expect(error?.extensions?.code, JSON.stringify(result.errors)).toBe(code);
    expect(error?.message).toBeTruthy();
    expectListedRefusal(error?.extensions, JSON.stringify(result.errors));
    return error!;
  }
}

/** A client that sends fixed headers with every request: a session cookie, a forged Authorization, … */
export class HeaderClient extends Client {
  constructor(
    url: string,
    readonly fixedHeaders: Record<string, string>,
  ) {
    super(url);
  }

  override request<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    return super.request<T>(query, variables, { ...this.fixedHeaders, ...headers });
  }
}

/** A client that authenticates as a browser does: by the `session` cookie, with no Authorization header. */
export function cookieClient(url: string, token: string): HeaderClient {
  return new HeaderClient(url, { cookie: `session=${token}` });
}

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case; flags such as HttpOnly map to true. */
  attributes: Record<string, string | true>;
}

/** The `Set-Cookie` a response gives for cookie `name` (the last one when several), parsed. */
export function setCookieOf(headers: Headers, name = 'session'): SetCookie | undefined {
  const cookies = headers.getSetCookie().map((line) => {
    const [pair = '', ...parts] = line.split(';');
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const part of parts) {
      const at = part.indexOf('=');
      if (at === -1) attributes[part.trim().toLowerCase()] = true;
      else attributes[part.slice(0, at).trim().toLowerCase()] = part.slice(at + 1).trim();
    }
    return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
  });
  return cookies.filter((cookie) => cookie.name === name).at(-1);
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: any;
}

/** Sends an arbitrary HTTP request (any body, any headers) and reads the whole answer. */
export async function sendRaw(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
