import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../domain/core/errors.js';
import { CREDIT_USER, LOGIN, PASSWORD, registerAs, type Account } from '../support/accounts.js';
import { Client } from '../support/client.js';
import { MOVIES, uploadVideo, videoBytes } from '../support/movies.js';
import { tusUpload, uploadIdOf } from '../support/resumable.js';
import {
  cleanUpProcesses,
  logLines,
  type ServerProcess,
  sleep,
  stagedFiles,
  startProcess,
} from '../support/server-process.js';
import { malformedMultipart, malformedTus, refusedUploads, type RawRequest } from './support/malformed-requests.js';
import { operationsOfSchema, variablesOf, type KnownValues } from './support/operations.js';

// The arguments reach the domain and the database the same way on both: SQLite only, to keep the
// file near a minute.

/** Runs per property: together about a minute on the development machine. */
const RUNS = { operation: 100, multipart: 2000, refusedUploads: 200, tus: 2000 };

const API_CODES = new Set<string>(ERROR_CODES);

let server: ServerProcess;
let admin: Account;
let viewer: Account;
const known: KnownValues = { ids: [], names: ['admin', 'viewer', 'victim'] };
let uploadIds: string[] = [];

beforeAll(async () => {
  // Many failed logins and registrations come from one address: their limits are not under test.
  server = await startProcess({
    REGISTRATIONS_PER_ADDRESS: '1000000',
    LOGIN_FAILURES_PER_ADDRESS: '1000000',
    LOGIN_FAILURES_PER_NAME: '1000000',
    MAX_CONNECTIONS_PER_ADDRESS: '0',
    DOWNLOAD_WAIT_SECONDS: '0',
  });
  const anonymous = new Client(server.url);
  admin = await registerAs(anonymous, 'admin');
  viewer = await registerAs(anonymous, 'viewer');
  const victim = await registerAs(anonymous, 'victim');
  await admin.client.ok(CREDIT_USER, { id: viewer.user.id, amount: 1000 });
  const movies = await Promise.all(
    [1, 2, 3].map((seed) => uploadVideo(admin, { bytes: videoBytes(70_000, seed), isFree: seed !== 2 })),
  );
  // The fuzzing admin's and viewer's own IDs are left out: locking them would end the run's sessions.
  known.ids = [victim.user.id, ...movies.map((movie) => movie.id)];
  uploadIds = await Promise.all(
    [4, 5].map(async (seed) =>
      uploadIdOf(
        await tusUpload(admin.client, { bytes: videoBytes(300_000, seed), chunkSize: 100_000, stopAfter: 100_000 }),
      ),
    ),
  );
});

afterAll(async () => {
  await cleanUpProcesses();
});

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function send(request: RawRequest, token: string | undefined): Promise<Answer> {
  const response = await fetch(`${server.url}${request.path}`, {
    method: request.method,
    headers: {
      'x-graphql-yoga-csrf': '1',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...request.headers,
    },
    body: request.body && new Uint8Array(request.body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** Below 500; a JSON body whose errors, if any, each carry an API code. `bodyless`: a 2xx may have no body. */
function expectAnswered(answer: Answer, what: string, { bodyless = false } = {}): void {
  const context = `${what}\n→ ${answer.status} ${answer.contentType} ${answer.text.slice(0, 400)}`;
  expect(answer.status, context).toBeLessThan(500);
  if (bodyless && (answer.status < 400 || answer.text === '')) return;
  expect(answer.contentType, context).toMatch(/^application\/(graphql-response\+)?json/);
  const body = JSON.parse(answer.text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  if (answer.status >= 400) expect(body.errors?.length, context).toBeGreaterThan(0);
  for (const error of body.errors ?? []) expect(API_CODES.has(error.extensions?.code ?? ''), context).toBe(true);
}

type Role = 'anonymous' | 'viewer' | 'admin';

/**
 * The session to call as. `logout` and `changePassword` may end a session: they get one of their
 * own, so that the rest of the run keeps its callers.
 */
async function sessionFor(role: Role, operation: string): Promise<string | undefined> {
  if (role === 'anonymous') return undefined;
  const account = role === 'admin' ? admin : viewer;
  if (operation !== 'logout' && operation !== 'changePassword') return account.token;
  const login = await new Client(server.url).ok<{ login: { token: string } }>(LOGIN, {
    name: account.user.name,
    password: PASSWORD,
  });
  return login.login.token;
}

const ROLES = fc.constantFrom<Role>('anonymous', 'viewer', 'admin');

describe('fuzzing the API', () => {
  const operations = operationsOfSchema();

  it('covers every operation of the schema', () => {
    expect(operations.map((operation) => operation.name)).toEqual(
      expect.arrayContaining(['movies', 'downloadMovie', 'uploadMovie', 'finishUpload', 'creditUser', 'register']),
    );
  });

  it.each(operations.map((operation) => [operation.name, operation] as const))(
    '%s: any arguments, any caller: an answer with data or API codes, never a fault',
    async (_name, operation) => {
      await fc.assert(
        fc.asyncProperty(ROLES, variablesOf(operation, known), async (role, variables) => {
          const token = await sessionFor(role, operation.name);
          const body = JSON.stringify({ query: operation.document, variables });
          const request = { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' } };
          const answer = await send({ ...request, body: new TextEncoder().encode(body) }, token);
          expectAnswered(answer, `${role}: ${operation.document} ${body.slice(0, 300)}`);
        }),
        { numRuns: RUNS.operation },
      );
    },
  );

  it('malformed multipart requests: an API code, nothing staged, never a fault', async () => {
    await fc.assert(
      fc.asyncProperty(ROLES, malformedMultipart, async (role, request) => {
        const token = role === 'anonymous' ? undefined : (role === 'admin' ? admin : viewer).token;
        const before = await stagedFiles(server.mediaDir);
        const answer = await send(request, token);
        const body = Buffer.from(request.body ?? []).toString();
        expectAnswered(answer, `${role}: ${JSON.stringify(request.headers)} ${body.slice(0, 300)}`);
        expect(await stagedFiles(server.mediaDir), `staged after ${body.slice(0, 300)}`).toEqual(before);
      }),
      { numRuns: RUNS.multipart },
    );
  });

  it('uploads whose bytes are refused (empty, another fingerprint): BAD_USER_INPUT, nothing staged or stored', async () => {
    const movieCount = async () =>
      (await admin.client.ok<{ movies: { totalCount: number } }>(MOVIES)).movies.totalCount;
    const before = await movieCount();
    await fc.assert(
      fc.asyncProperty(refusedUploads, async (request) => {
        const answer = await send(request, admin.token);
        expectAnswered(answer, `${JSON.stringify(request.headers)} (${request.body?.length ?? 0} bytes)`);
        expect(JSON.parse(answer.text).errors?.[0]?.extensions?.code, answer.text).toBe('BAD_USER_INPUT');
        expect(await stagedFiles(server.mediaDir)).toEqual([]);
      }),
      { numRuns: RUNS.refusedUploads },
    );
    expect(await movieCount()).toBe(before);
  });

  it('malformed tus requests: an API code on every refusal, never a fault', async () => {
    await fc.assert(
      fc.asyncProperty(ROLES, malformedTus(uploadIds), async (role, request) => {
        const token = role === 'anonymous' ? undefined : (role === 'admin' ? admin : viewer).token;
        const answer = await send(request, token);
        const what = `${role}: ${request.method} ${request.path} ${JSON.stringify(request.headers)} (${request.body?.length ?? 0} bytes)`;
        expectAnswered(answer, what, { bodyless: true });
      }),
      { numRuns: RUNS.tus },
    );
  });

  it('left the process serving, with nothing staged and no rejection unhandled', async () => {
    expect(server.child.process.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    for (let i = 0; i < 50 && (await stagedFiles(server.mediaDir)).length > 0; i++) await sleep(100);
    expect(await stagedFiles(server.mediaDir)).toEqual([]);
    expect(logLines(server.child).filter((line) => line.msg === 'unhandled promise rejection')).toEqual([]);
  });
});
