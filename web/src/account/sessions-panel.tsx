import { FormattedMessage, useIntl } from 'react-intl';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { DateTimeText } from '../layout/date-text';
import { useSession } from '../session/session';

const SessionsQuery = graphql(`
  query Sessions {
    sessions {
      id
      createdAt
      lastUsedAt
      userAgent
      address
      isCurrent
    }
  }
`);

const EndSessionMutation = graphql(`
  mutation EndSession($id: ID!) {
    endSession(id: $id)
  }
`);

/** Where the viewer is signed in, the most recently used first; any of them can be ended (this one signs out). */
export function SessionsPanel() {
  const intl = useIntl();
  const { signedOut } = useSession();
  const [{ data, error }, refetch] = useQuery({ query: SessionsQuery, requestPolicy: 'network-only' });
  const [endState, end] = useMutation(EndSessionMutation);
  const endOne = async (id: string, isCurrent: boolean) => {
    if ((await end({ id })).error) return;
    if (isCurrent) signedOut();
    else refetch({ requestPolicy: 'network-only' });
  };
  return (
    <section aria-labelledby="sessions">
      <h2 id="sessions">
        <FormattedMessage id="sessions.title" />
      </h2>
      <ErrorMessage error={error ?? endState.error} />
      {data && (
        <table>
          <caption className="visually-hidden">{intl.formatMessage({ id: 'sessions.title' })}</caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="sessions.device" />
              </th>
              <th scope="col">
                <FormattedMessage id="sessions.address" />
              </th>
              <th scope="col">
                <FormattedMessage id="sessions.signedIn" />
              </th>
              <th scope="col">
                <FormattedMessage id="sessions.lastUsed" />
              </th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((session) => (
              <tr key={session.id} data-testid="session">
                <td>
                  {session.userAgent ?? '—'}
                  {session.isCurrent && (
                    <>
                      {' '}
                      <strong>
                        <FormattedMessage id="sessions.current" />
                      </strong>
                    </>
                  )}
                </td>
                <td>{session.address ?? '—'}</td>
                <td>
                  <DateTimeText value={session.createdAt} />
                </td>
                <td>
                  <DateTimeText value={session.lastUsedAt} />
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => void endOne(session.id, session.isCurrent)}
                    disabled={endState.fetching}
                  >
                    <FormattedMessage id="sessions.end" />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
