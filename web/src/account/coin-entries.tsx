import { FormattedDate, FormattedMessage, FormattedNumber } from 'react-intl';
import { graphql, useFragment, type FragmentType } from '../gql';

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

/** A table of coin entries, for the viewer's own ledger and for an admin reading a user's. */
export function CoinEntries(props: { entries: FragmentType<typeof CoinEntryFields>[]; caption: string }) {
  const entries = useFragment(CoinEntryFields, props.entries);
  if (entries.length === 0)
    return (
      <p>
        <FormattedMessage id="coins.none" />
      </p>
    );
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{props.caption}</caption>
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
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <FormattedDate value={entry.createdAt} dateStyle="short" timeStyle="short" />
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
        </tbody>
      </table>
    </div>
  );
}
