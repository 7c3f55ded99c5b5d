// Lists every free video, one a line: its id, size in bytes and name.
//
//   VIDEO_SERVER=http://127.0.0.1:4000 VIDEO_TOKEN=<token from login> npx tsx examples/list-free-videos.ts
//
// The query below is typed by GraphQL Code Generator (`npm run codegen` after changing it).
import { Client, fetchExchange } from '@urql/core';
import { graphql } from '../cli/gql/index.js';

const FreeVideos = graphql(`
  query ExampleFreeVideos($after: String) {
    movies(type: FREE, first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          size
        }
      }
    }
  }
`);

const server = process.env.VIDEO_SERVER ?? 'http://127.0.0.1:4000';
const client = new Client({
  url: `${server}/graphql`,
  exchanges: [fetchExchange],
  fetchOptions: { headers: { authorization: `Bearer ${process.env.VIDEO_TOKEN}` } },
});

let after: string | null | undefined;
do {
  const { data, error } = await client.query(FreeVideos, { after }).toPromise();
  if (error || !data) throw error ?? new Error('no data');
  for (const { node } of data.movies.edges) console.log(`${node.id}\t${node.size}\t${node.name}`);
  after = data.movies.pageInfo.hasNextPage ? data.movies.pageInfo.endCursor : undefined;
} while (after);
