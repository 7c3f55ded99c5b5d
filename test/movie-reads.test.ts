import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSchema, getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminAndUser, credit, type Account } from './support/accounts.js';
import { Client } from './support/client.js';
import { databases } from './support/databases.js';
import { download } from './support/downloads.js';
import { eventually, makeVideo } from './support/media.js';
import { uploadVideo, videoBytes } from './support/movies.js';
import { startServer, type TestServer } from './support/server.js';
import { MOVIE_READS } from '../schema/movie-reads.js';
import { movieStream } from './support/streams.js';

/**
 * A page of the list reads only the columns its fields need (schema/movie-reads.ts): every field of
 * Movie, asked through `movies`, must answer what `movie` answers from the whole row.
 */

const schema = buildSchema(readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8'));

/** Every field of `type`, object fields with their own scalar fields: what a client could ask. */
function everyField(type: GraphQLObjectType, depth = 0): string {
  return Object.values(type.getFields())
    .filter((field) => field.args.every((arg) => arg.type.toString().endsWith('!') === false))
    .map((field) => {
      const named = getNamedType(field.type);
      if (!isObjectType(named)) return field.name;
      return depth === 0 ? `${field.name} { ${everyField(named, depth + 1)} }` : null;
    })
    .filter((field): field is string => field !== null)
    .join(' ');
}

const MOVIE_TYPE = schema.getType('Movie') as GraphQLObjectType;
const ALL = everyField(MOVIE_TYPE);
const LIST = `query List($sort: MovieSort) { movies(first: 50, sort: $sort) { edges { node { ${ALL} } } } }`;
const ONE = `query One($id: ID!) { movie(id: $id) { ${ALL} } }`;
/** One field at a time, through a fragment, an alias and @include: each reads only its own columns. */
const listOf = (field: string, selection: string) => `query One($on: Boolean!) {
  movies(first: 50) { edges { ...card node { shown: ${field} @include(if: $on) ${selection} } } }
} fragment card on MovieEdge { node { id } }`;

type Node = Record<string, unknown> & { id: string };

let clip: Buffer;
let mediaDir: string;

beforeAll(async () => {
  mediaDir = join(process.env.TMPDIR ?? '/tmp', `youku-movie-reads-${process.pid}`);
  await mkdir(mediaDir, { recursive: true });
  clip = await makeVideo(mediaDir, 'clip.mp4', { width: 320, height: 240, seconds: 2, rate: 10 });
});

afterAll(() => rm(mediaDir, { recursive: true, force: true }));

it('names what every field of Movie reads, so that no page of the list reads the whole row', () => {
  expect(Object.keys(MOVIE_TYPE.getFields()).filter((field) => !(field in MOVIE_READS))).toEqual([]);
});

describe.each(databases)('a page of movies on %s', (kind) => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  afterEach(() => server?.close());

  async function nodesOf(client: Client, sort: string): Promise<Node[]> {
    const data = await client.ok<{ movies: { edges: { node: Node }[] } }>(LIST, { sort });
    return data.movies.edges.map((edge) => edge.node);
  }

  async function wholeRows(client: Client, nodes: Node[]): Promise<Node[]> {
    return Promise.all(nodes.map(async (node) => (await client.ok<{ movie: Node }>(ONE, { id: node.id })).movie));
  }

  it('answers every field of Movie as `movie` does, for users and admins, in every sort and when compiled', async () => {
    server = await startServer(kind, { RENDITION_HEIGHTS: '120', DOWNLOAD_WAIT_SECONDS: '0' });
    ({ admin, user } = await adminAndUser(new Client(server.url)));
    const played = await uploadVideo(admin, { bytes: clip, filename: 'clip.mp4', isFree: false, name: 'Played' });
    await uploadVideo(admin, { bytes: videoBytes(40_000, 3), filename: 'notes.bin', isFree: true });
    const bought = await uploadVideo(admin, { bytes: videoBytes(50_000, 4), filename: 'b.mkv', isFree: false });
    await uploadVideo(admin, { bytes: videoBytes(60_000, 5), filename: 'c', isFree: false, name: 'Unbought' });
    await credit(admin, user, 100);
    await download(user.client, bought.id);
    const ready = await eventually(
      () => movieStream(user.client, played.id),
      (movie) => movie.previewsUrl !== null && movie.processing.state === 'READY',
      100,
    );
    expect(ready.renditions).toHaveLength(1);
    await eventually(
      () => nodesOf(admin.client, 'NEWEST'),
      (nodes) => nodes.every((node) => (node.processing as { state: string }).state !== 'QUEUED'),
      100,
    );

    for (const viewer of [user, admin]) {
      for (const sort of ['NEWEST', 'OLDEST', 'NAME', 'LONGEST']) {
        // The third run of one query text executes compiled (server/graphql/compiled-execution.ts).
        for (let run = 1; run <= 3; run++) {
          const nodes = await nodesOf(viewer.client, sort);
          expect(nodes).toHaveLength(4);
          expect(nodes).toEqual(await wholeRows(viewer.client, nodes));
        }
      }
    }
    const prices = (await nodesOf(user.client, 'NAME')).map((node) => [node.name, node.price, node.isPlayable]);
    expect(prices).toEqual([
      ['b.mkv', 0, false],
      ['notes.bin', 0, false],
      ['Played', 10, true],
      ['Unbought', 10, false],
    ]);

    for (const field of Object.keys(MOVIE_TYPE.getFields())) {
      const named = getNamedType(MOVIE_TYPE.getFields()[field]!.type);
      const selection = isObjectType(named) ? `{ ${everyField(named, 1)} }` : '';
      const whole = await nodesOf(user.client, 'NEWEST');
      const one = await user.client.ok<{ movies: { edges: { node: Node & { shown: unknown } }[] } }>(
        listOf(field, selection),
        { on: true },
      );
      expect(
        one.movies.edges.map(({ node }) => [node.id, node.shown]),
        field,
      ).toEqual(whole.map((node) => [node.id, node[field]]));
    }
  });
});
