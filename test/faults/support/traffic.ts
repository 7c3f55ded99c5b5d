import { expect } from 'vitest';
import { ERROR_CODES } from '../../../domain/core/errors.js';
import { LOGIN, ME, PASSWORD } from '../../support/accounts.js';
import { sendRaw, type RawResponse } from '../../support/client.js';
import { MOVIES } from '../../support/movies.js';

/** What a client may see in `extensions.code`: the API's codes, and the mask over a fault of ours. */
export const ANSWERABLE_CODES = new Set<string>([...ERROR_CODES, 'INTERNAL_SERVER_ERROR']);

/** What must never reach a client: SQL, a driver's or a file's name, a stack frame. */
const LEAKS =
  /\b(select|insert|update|delete from|sqlite|mysql|mariadb|knex|ECONNREFUSED|ETIMEDOUT)\b|\bat .+:\d+:\d+/i;

export interface Answer {
  what: string;
  response: RawResponse;
}

/** A GraphQL POST as `token` (anonymous without), read whole. */
export function graphql(base: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  return sendRaw(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
}

/** The `extensions.code` of every error of a GraphQL answer. */
export function codesOf(response: RawResponse): string[] {
  const errors = (response.json?.errors ?? []) as { extensions?: { code?: string } }[];
  return errors.map((error) => error.extensions?.code ?? '(none)');
}

/**
 * A clean answer: JSON; `/healthz` 200 or 503; GraphQL below 500 with data, or errors that each
 * carry an answerable code and a message free of SQL and stack frames. With `faultsMasked`, a 500
 * is clean too when it carries only the mask (GraphQL answers 500 when a fault left no data at all:
 * the database was gone).
 */
export function expectClean({ what, response }: Answer, { faultsMasked = false } = {}): void {
  const context = `${what}: ${response.status} ${response.text.slice(0, 500)}`;
  expect(response.headers.get('content-type') ?? '', context).toMatch(/^application\/(graphql-response\+)?json/);
  expect(response.json, context).toBeDefined();
  if (what === 'health') {
    expect([200, 503], context).toContain(response.status);
    return;
  }
  const onlyMasked = codesOf(response).every((code) => code === 'INTERNAL_SERVER_ERROR');
  if (!(faultsMasked && response.status === 500 && onlyMasked)) expect(response.status, context).toBeLessThan(500);
  for (const code of codesOf(response)) expect(ANSWERABLE_CODES.has(code), context).toBe(true);
  expect(JSON.stringify(response.json?.errors ?? []), context).not.toMatch(LEAKS);
  expect(JSON.stringify(response.json?.errors ?? []), context).not.toMatch(/"stack"|originalError/);
}

/**
 * Several clients asking all the time (a viewer's `me` and `movies`, a login, `/healthz`) until
 * stopped; every answer is kept. A request that fails to get any answer (a connection cut) is a fault.
 */
export class Traffic {
  readonly answers: Answer[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(
    base: string,
    viewer: { name: string; token: string },
    private readonly faultsMasked = false,
  ) {
    const ask: [string, () => Promise<RawResponse>][] = [
      ['me', () => graphql(base, ME, {}, viewer.token)],
      ['movies', () => graphql(base, MOVIES, { first: 5 }, viewer.token)],
      ['login', () => graphql(base, LOGIN, { name: viewer.name, password: PASSWORD })],
      ['health', () => sendRaw(`${base}/healthz`)],
    ];
    this.loops = ask.map(([what, request]) => this.loop(what, request));
  }

  private async loop(what: string, request: () => Promise<RawResponse>): Promise<void> {
    while (this.running) {
      const response = await request().catch((err: Error): RawResponse => ({
        status: 0,
        headers: new Headers(),
        text: `no answer: ${err.message}`,
        json: undefined,
      }));
      this.answers.push({ what, response });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until an answer newer than `since` satisfies `test` (within `ms`); fails otherwise. */
  async waitFor(description: string, test: (answer: Answer) => boolean, since = 0, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.answers.slice(since).some(test)) {
      if (Date.now() > deadline) throw new Error(`no answer showed ${description} within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Stops asking and checks that every answer so far was clean. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    for (const answer of this.answers) expectClean(answer, { faultsMasked: this.faultsMasked });
  }
}

export const isUnavailable = (answer: Answer) => answer.what === 'health' && answer.response.status === 503;
export const isMasked = (answer: Answer) =>
  answer.what !== 'health' && codesOf(answer.response).includes('INTERNAL_SERVER_ERROR');
export const isHealthy = (answer: Answer) => answer.what === 'health' && answer.response.status === 200;
export const isServed = (what: string) => (answer: Answer) =>
  answer.what === what && answer.response.status === 200 && codesOf(answer.response).length === 0;
