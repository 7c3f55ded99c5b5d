import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../server/config/read-config.js';
import { LOGIN, ME, PASSWORD, REGISTER, registerAs } from './support/accounts.js';
import { Client } from './support/client.js';
import { mysqlUrl } from './support/databases.js';
import { FreezableProxy } from './support/freezable-proxy.js';
import { startServer, type TestServer } from './support/server.js';

const TIMEOUT_SECONDS = 1;
/** Room over the timeout for the pool's own queueing and this machine's load. */
const ANSWER_WITHIN_MS = 3 * TIMEOUT_SECONDS * 1000 + 1000;

/** The elapsed time and the answer of `request`. */
async function timed<T>(request: Promise<T>): Promise<{ ms: number; value: T }> {
  const started = Date.now();
  const value = await request;
  return { ms: Date.now() - started, value };
}

describe.skipIf(!mysqlUrl)('a MariaDB that stops answering', () => {
  let proxy: FreezableProxy;
  let server: TestServer;

  afterEach(async () => {
    proxy.thaw();
    await server.close();
    await proxy.close();
  });

  async function start(): Promise<void> {
    const target = new URL(mysqlUrl!);
    proxy = await FreezableProxy.start({ host: target.hostname, port: Number(target.port || 3306) });
    const url = new URL(mysqlUrl!);
    url.port = String(proxy.port);
    url.pathname = `/t_${randomBytes(6).toString('hex')}`;
    server = await startServer('mysql', {
      DATABASE_URL: url.toString(),
      DATABASE_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    });
  }

  it('answers masked errors and a 503 health within seconds, then serves again once it is back', async () => {
    await start();
    const client = new Client(server.url);
    const user = await registerAs(client, 'patient');
    expect((await user.client.ok(ME)).me.name).toBe('patient');

    proxy.freeze();
    // One after the other: the connection whose query timed out must not serve the next query.
    for (let i = 0; i < 2; i++) {
      const answer = await timed(user.client.request(ME));
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(answer.value.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    }
    // More requests than the pool has connections: some wait for a connection, the rest for a query.
    const requests = [
      ...Array.from({ length: 12 }, () => user.client.request(ME)),
      client.request(LOGIN, { name: 'patient', password: PASSWORD }),
      client.request(REGISTER, { name: 'newcomer', password: PASSWORD }),
    ];
    // Meanwhile a caller whose request needs no database is answered at once.
    const anonymous = await timed(client.request('{ me { id } }'));
    expect(anonymous.value.data).toEqual({ me: null });
    expect(anonymous.ms).toBeLessThan(TIMEOUT_SECONDS * 1000);
    const answers = await timed(Promise.all(requests));
    expect(answers.ms).toBeLessThan(ANSWER_WITHIN_MS);
    for (const answer of answers.value) {
      expect(answer.errors?.[0]?.extensions?.code, JSON.stringify(answer)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(answer.errors)).not.toMatch(/timeout|PROTOCOL|knex|at .+:\d+/i);
    }
    const health = await timed(fetch(`${server.url}/healthz`));
    expect(health.value.status).toBe(503);
    expect(health.ms).toBeLessThan(ANSWER_WITHIN_MS);
    // Knex's own warnings about the connections that failed are log lines too.
    expect(server.logs.some((line) => line.msg === 'database client warning')).toBe(true);

    proxy.thaw();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await user.client.ok(ME)).me.name).toBe('patient');
    const login = await client.ok(LOGIN, { name: 'patient', password: PASSWORD });
    expect(login.login.token).toBeTruthy();
  }, 30_000);
});

it.each(['0', '1.5', 'ten'])('refuses DATABASE_TIMEOUT_SECONDS=%s, naming the variable', (value) => {
  expect(() => readConfig({ DATABASE_TIMEOUT_SECONDS: value })).toThrow(/^DATABASE_TIMEOUT_SECONDS /);
});
