import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminAndUser, CREATE_ADMIN, LOGIN, PASSWORD, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { startServer, type TestServer } from './support/server.js';

const NOTICE_FIELDS = 'id title content createdAt author { id name role }';
const RELEASE = `mutation Release($title: String!, $content: String!) {
  releaseNotice(title: $title, content: $content) { ${NOTICE_FIELDS} }
}`;
const NOTICES = `query Notices($first: Int, $after: String) {
  notices(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${NOTICE_FIELDS} } }
  }
}`;

interface NoticeShape {
  id: string;
  title: string;
  content: string;
  createdAt: string;
  author: { id: string; name: string; role: string };
}

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: NoticeShape }[];
}

describe.each(databases)('notices on %s', (kind) => {
  let server: TestServer;
  let client: Client;

  beforeEach(async () => {
    // No background jobs: this suite counts the queries its requests run.
    server = await startServer(kind, { JOB_CONCURRENCY: '0' });
    client = new Client(server.url);
  });
  afterEach(() => server.close());

  async function release(admin: Account, title: string, content: string): Promise<NoticeShape> {
    return (await admin.client.ok<{ releaseNotice: NoticeShape }>(RELEASE, { title, content })).releaseNotice;
  }

  async function list(viewer: Account, variables: Record<string, unknown> = {}): Promise<Connection> {
    return (await viewer.client.ok<{ notices: Connection }>(NOTICES, variables)).notices;
  }

  async function noticeCount(): Promise<number> {
    return server.rows('notices');
  }

  /** Another admin, logged in. */
  async function anotherAdmin(admin: Account, name: string): Promise<Account> {
    await admin.client.ok(CREATE_ADMIN, { name, password: PASSWORD });
    const login = (await client.ok(LOGIN, { name, password: PASSWORD })).login;
    return { token: login.token, user: login.user, client: client.as(login.token) };
  }

  it('releases a trimmed notice that every logged-in user reads, newest first', async () => {
    const { admin, user } = await adminAndUser(client);
    const before = Date.now();
    const first = await release(
      admin,
      '  Maintenance tonight  ',
      '\n  The site is down from 2:00 to 3:00.\nSorry!  \n',
    );
    expect(first).toMatchObject({
      title: 'Maintenance tonight',
      content: 'The site is down from 2:00 to 3:00.\nSorry!',
      author: { id: admin.user.id, name: 'admin', role: 'ADMIN' },
    });
    expect(new Date(first.createdAt).toISOString()).toBe(first.createdAt);
    expect(Date.parse(first.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(first.createdAt)).toBeLessThanOrEqual(Date.now() + 1000);
    const second = await release(admin, 'New videos', 'Ten new films this week.');

    for (const viewer of [user, admin]) {
      const notices = await list(viewer, { first: 10 });
      expect(notices.totalCount).toBe(2);
      expect(notices.pageInfo.hasNextPage).toBe(false);
      expect(notices.edges.map((edge) => edge.node)).toEqual([second, first]);
    }
    const rows = await server.db('notices').orderBy('id');
    expect(rows.map((row) => [row.title, row.content])).toEqual([
      ['Maintenance tonight', 'The site is down from 2:00 to 3:00.\nSorry!'],
      ['New videos', 'Ten new films this week.'],
    ]);
  });

  it('keeps Chinese, emoji and quotes intact', async () => {
    const { admin, user } = await adminAndUser(client);
    const title = '系统公告：优酷会员活动 🎬';
    const content = `亲爱的用户：\n本周上线「新片」"特别版" 和 'director's cut' 😀\n谢谢！`;
    const notice = await release(admin, title, content);
    expect(notice).toMatchObject({ title, content });
    expect((await list(user)).edges[0]!.node).toMatchObject({ title, content });
    const row = await server.db('notices').first();
    expect([row.title, row.content]).toEqual([title, content]);
  });

  it('accepts the limits: a 200-character title and 20000 characters of content, counted after trimming', async () => {
    const { admin, user } = await adminAndUser(client);
    const cases: [string, string][] = [
      ['t'.repeat(200), 'c'.repeat(20_000)],
      ['公'.repeat(200), '内'.repeat(20_000)],
      // 200 characters that are each two UTF-16 units (and four UTF-8 bytes).
      ['😀'.repeat(200), '🎬'.repeat(20_000)],
    ];
    for (const [title, content] of cases) {
      const notice = await release(admin, `   ${title}   `, `\n\n${content}\n\n`);
      expect(notice.title).toBe(title);
      expect(notice.content).toBe(content);
    }
    const listed = await list(user, { first: 10 });
    expect(listed.edges.map((edge) => [edge.node.title, edge.node.content])).toEqual([...cases].reverse());
  });

  it('refuses empty, blank and too long titles and contents, storing nothing', async () => {
    const { admin, user } = await adminAndUser(client);
    const refused: [string, string, string, 'title' | 'content'][] = [
      ['an empty title', '', 'content', 'title'],
      ['a blank title', ' \t\n ', 'content', 'title'],
      ['a 201-character title', 't'.repeat(201), 'content', 'title'],
      ['a 201-character Chinese title', '公'.repeat(201), 'content', 'title'],
      ['an empty content', 'title', '', 'content'],
      ['a blank content', 'title', '  \n\n\t ', 'content'],
      ['a 20001-character content', 'title', 'c'.repeat(20_001), 'content'],
      ['a 20001-character Chinese content', 'title', '内'.repeat(20_001), 'content'],
      ['a title with a direction override', 'Sale \u202Eecnuonna', 'content', 'title'],
    ];
    for (const [what, title, content, field] of refused) {
      const result = await admin.client.request(RELEASE, { title, content });
      expect(result.errors?.[0]?.extensions?.code, what).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field, what).toBe(field);
      expect(result.errors?.[0]?.message, what).toBeTruthy();
      expect(result.data ?? null, what).toBeNull();
      expect(await noticeCount(), what).toBe(0);
    }
    expect((await list(user)).totalCount).toBe(0);
    // Still serving: a valid notice goes through.
    await release(admin, 'valid', 'content');
    expect(await noticeCount()).toBe(1);
    expect((await list(user)).edges.map((edge) => edge.node.title)).toEqual(['valid']);
  });

  it('lets only admins release: a user gets FORBIDDEN, an anonymous caller UNAUTHENTICATED, nothing stored', async () => {
    const { admin, user } = await adminAndUser(client);
    const forbidden = await user.client.request(RELEASE, { title: 'hijack', content: 'free coins!' });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(forbidden.data ?? null).toBeNull();
    await client.fails('UNAUTHENTICATED', RELEASE, { title: 'anonymous', content: 'hello' });
    expect(await noticeCount()).toBe(0);
    expect((await list(user)).totalCount).toBe(0);

    await release(admin, 'real', 'notice');
    expect((await list(user)).edges.map((edge) => edge.node.title)).toEqual(['real']);
  });

  it('shows notices to logged-in users only', async () => {
    const { admin, user } = await adminAndUser(client);
    await release(admin, 'members only', 'hello');
    const anonymous = await client.request(NOTICES, { first: 5 });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data ?? null).toBeNull();
    await client.as('x'.repeat(43)).fails('UNAUTHENTICATED', NOTICES, { first: 5 });
    expect((await list(user, { first: 5 })).edges.map((edge) => edge.node.title)).toEqual(['members only']);
  });

  it('pages 7 notices by 3 without overlap or gap, and refuses bad paging arguments', async () => {
    const { admin, user } = await adminAndUser(client);
    for (let i = 1; i <= 7; i++) await release(admin, `notice ${i}`, `content ${i}`);

    const pages: string[][] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Connection = await list(user, { first: 3, after });
      expect(page.totalCount).toBe(7);
      pages.push(page.edges.map((edge) => edge.node.title));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toEqual([['notice 7', 'notice 6', 'notice 5'], ['notice 4', 'notice 3', 'notice 2'], ['notice 1']]);

    // A page that ends exactly on the last notice has no next page.
    const firstSeven = await list(user, { first: 7 });
    expect(firstSeven.edges).toHaveLength(7);
    expect(firstSeven.pageInfo.hasNextPage).toBe(false);
    expect((await list(user, { first: 500 })).edges).toHaveLength(7);
    // `first` is capped at 100, as for every list: 101 notices (the rest written straight to the table).
    const template = await server.db('notices').where('title', 'notice 1').first();
    const { id: _id, ...columns } = template;
    const extra = Array.from({ length: 94 }, (_, i) => ({ ...columns, title: `bulk ${i}` }));
    await server.db('notices').insert(extra);
    const capped = await list(user, { first: 500 });
    expect(capped.totalCount).toBe(101);
    expect(capped.edges).toHaveLength(100);
    expect(capped.pageInfo.hasNextPage).toBe(true);
    expect((await list(user, { first: 500, after: capped.pageInfo.endCursor })).edges.map((e) => e.node.title)).toEqual(
      ['notice 1'],
    );

    await user.client.fails('BAD_USER_INPUT', NOTICES, { first: -1 });
    for (const forged of [
      'forged',
      Buffer.from('id:x').toString('base64url'),
      Buffer.from('Notice:1').toString('base64'),
    ]) {
      await user.client.fails('BAD_USER_INPUT', NOTICES, { first: 3, after: forged });
    }
    expect((await list(user, { first: 1 })).edges.map((edge) => edge.node.title)).toEqual(['bulk 93']);
  });

  it('loads the authors of a page in one batch: the query count does not grow with the page', async () => {
    const { admin, user } = await adminAndUser(client);
    const authors = [admin, await anotherAdmin(admin, '编辑甲'), await anotherAdmin(admin, 'editor b')];
    for (let i = 0; i < 10; i++) await release(authors[i % 3]!, `notice ${i}`, `by ${authors[i % 3]!.user.name}`);

    async function countQueries(first: number): Promise<{ queries: string[]; page: Connection }> {
      const { result: page, queries } = await server.queriesDuring(() => list(user, { first }));
      return { queries, page };
    }

    // Warm up (nothing should be cached between requests, but the measure must not depend on it).
    await list(user, { first: 1 });
    const one = await countQueries(1);
    const three = await countQueries(3);
    const ten = await countQueries(10);

    expect(ten.page.edges).toHaveLength(10);
    for (const [index, edge] of ten.page.edges.entries()) {
      const i = 9 - index;
      expect(edge.node.title).toBe(`notice ${i}`);
      expect(edge.node.author).toEqual({ id: authors[i % 3]!.user.id, name: authors[i % 3]!.user.name, role: 'ADMIN' });
      expect(edge.node.content).toBe(`by ${edge.node.author.name}`);
    }
    expect(new Set(three.page.edges.map((edge) => edge.node.author.id)).size).toBe(3);

    // One author or three, three notices or ten: the same number of queries.
    const counts = [one.queries.length, three.queries.length, ten.queries.length];
    expect(counts, JSON.stringify({ one: one.queries, ten: ten.queries }, null, 1)).toEqual([
      counts[0],
      counts[0],
      counts[0],
    ]);
    expect(counts[0]).toBeLessThanOrEqual(6);
  });
});
