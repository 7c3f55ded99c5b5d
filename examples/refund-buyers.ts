// Credits every user who paid for a video with what they paid (an admin's token):
//
//   VIDEO_SERVER=http://127.0.0.1:4000 VIDEO_TOKEN=<an admin's token> npx tsx examples/refund-buyers.ts <video id>
//
// It reads each account's coin ledger for the DOWNLOAD entry of the video, then credits it back.
// The documents below are typed by GraphQL Code Generator (`npm run codegen` after changing them).
import { Client, fetchExchange, type OperationResult } from '@urql/core';
import { graphql } from '../cli/gql/index.js';

const Accounts = graphql(`
  query ExampleAccounts($after: String) {
    users(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const Ledger = graphql(`
  query ExampleLedger($id: ID!, $after: String) {
    userCoinHistory(id: $id, first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          reason
          amount
          movie {
            id
          }
        }
      }
    }
  }
`);

const Credit = graphql(`
  mutation ExampleCredit($id: ID!, $amount: Int!) {
    creditUser(id: $id, amount: $amount) {
      name
      balance
    }
  }
`);

const [videoId] = process.argv.slice(2);
if (!videoId) throw new Error('usage: refund-buyers.ts <video id>');
const server = process.env.VIDEO_SERVER ?? 'http://127.0.0.1:4000';
const client = new Client({
  url: `${server}/graphql`,
  exchanges: [fetchExchange],
  requestPolicy: 'network-only',
  fetchOptions: { headers: { authorization: `Bearer ${process.env.VIDEO_TOKEN}` } },
});

/** An operation's data, or the server's first error. */
function dataOf<Data>({ data, error }: OperationResult<Data>): Data {
  if (error || !data) throw error ?? new Error('no data');
  return data;
}

for (let after: string | null | undefined; ;) {
  const { users } = dataOf(await client.query(Accounts, { after }).toPromise());
  for (const { node: user } of users.edges) {
    let paid = 0;
    for (let ledgerAfter: string | null | undefined; ;) {
      const { userCoinHistory } = dataOf(await client.query(Ledger, { id: user.id, after: ledgerAfter }).toPromise());
      for (const { node } of userCoinHistory.edges) {
        if (node.reason === 'DOWNLOAD' && node.movie?.id === videoId) paid -= node.amount;
      }
      if (!userCoinHistory.pageInfo.hasNextPage) break;
      ledgerAfter = userCoinHistory.pageInfo.endCursor;
    }
    if (paid > 0) {
      const { creditUser } = dataOf(await client.mutation(Credit, { id: user.id, amount: paid }).toPromise());
      console.log(`${creditUser.name}\t+${paid}\t${creditUser.balance}`);
    }
  }
  if (!users.pageInfo.hasNextPage) break;
  after = users.pageInfo.endCursor;
}
