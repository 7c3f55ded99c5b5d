import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepExpired } from '../domain/jobs/housekeeping.js';
import { adminAndUser, LOGIN, ME, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { download } from './support/downloads.js';
import { uploadVideo, videoBytes } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';

describe.each(databases)('housekeeping on %s', (kind) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  beforeEach(async () => {
    server = await startServer(kind, {
      DOWNLOAD_WAIT_SECONDS: '0',
      SESSION_TTL_SECONDS: '60',
      TICKET_TTL_SECONDS: '60',
      LOGIN_THROTTLE_SECONDS: '60',
      REGISTRATION_WINDOW_SECONDS: '60',
    });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
  });
  afterEach(() => server.close());

  it('removes expired sessions, tickets and attempt counts, and only those', async () => {
    const movie = await uploadVideo(admin, { bytes: videoBytes(1000), isFree: true });
    await download(user.client, movie.id);
    await new Client(server.url).fails('UNAUTHENTICATED', LOGIN, { name: 'viewer', password: 'wrong guess' });
    expect(await sweepExpired(server.db, new Date())).toEqual({
      sessions: 0,
      tickets: 0,
      attempts: 0,
      passwordResets: 0,
    });
    await user.client.ok(ME);

    // The registrations' count by address, and the failed login's by name and by address.
    const later = new Date(Date.now() + 120_000);
    expect(await sweepExpired(server.db, later)).toEqual({ sessions: 2, tickets: 1, attempts: 3, passwordResets: 0 });
    expect(await server.rows('sessions')).toBe(0);
    expect(await server.rows('attempt_counts')).toBe(0);
    await user.client.fails('UNAUTHENTICATED', 'mutation { logout }');
  });
});
