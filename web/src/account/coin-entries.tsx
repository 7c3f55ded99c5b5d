import type { ReactNode } from 'react';
import { FormattedMessage, FormattedNumber } from 'react-intl';
import type { CombinedError } from 'urql';
import { graphql, useFragment, type FragmentType } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { DateTimeText } from '../layout/date-text';
import { MoreButton, type PageProps } from '../layout/more-pages';

export const CoinEntryFields = graphql(`
  fragment CoinEntryFields on CoinEntry {
    id
    amount
    reason
    balanceAfter
    createdAt
    movie {
      id
      name
    }
  }
`);

const COLUMNS = 4;

/** A table of coin entries, for the viewer's own ledger and for an admin reading a user's: its pages go inside. */
export function CoinTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage id="coins.when" />
            </th>
            <th scope="col">
              <FormattedMessage id="coins.what" />
            </th>
            <th scope="col">
              <FormattedMessage id="coins.amount" />
            </th>
            <th scope="col">
              <FormattedMessage id="coins.after" />
            </th>
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

interface RowsProps {
  page: PageProps;
  connection?: {
    pageInfo: { hasNextPage: boolean; endCursor?: string | null };
    edges: { node: FragmentType<typeof CoinEntryFields> }[];
  };
  error?: CombinedError;
}

/** One page of a ledger: its rows, and More under the lowest page. */
export function CoinRows({ page, connection, error }: RowsProps) {
  const entries = useFragment(
    CoinEntryFields,
    (connection?.edges ?? []).map((edge) => edge.node),
  );
  const note = (content: ReactNode) => (
    <tr>
      <td colSpan={COLUMNS}>{content}</td>
    </tr>
  );
  return (
    <tbody>
      {error && note(<ErrorMessage error={error} />)}
      {connection && page.after === null && entries.length === 0 && note(<FormattedMessage id="coins.none" />)}
      {entries.map((entry) => (
        <tr key={entry.id}>
          <td>
            <DateTimeText value={entry.createdAt} />
          </td>
          <td>
            <FormattedMessage id={`coins.reason.${entry.reason}`} values={{ name: entry.movie?.name ?? '' }} />
          </td>
          <td>
            <FormattedNumber value={entry.amount} signDisplay="always" />
          </td>
          <td>{entry.balanceAfter}</td>
        </tr>
      ))}
      {connection?.pageInfo.hasNextPage && page.last && note(<MoreButton page={page} pageInfo={connection.pageInfo} />)}
    </tbody>
  );
}
