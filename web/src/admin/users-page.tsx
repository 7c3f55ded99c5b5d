import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useMutation, useQuery } from 'urql';
import { isCreditAmount, MAX_CREDIT } from '../../../domain/commerce/credit-amounts.js';
import { CoinRows, CoinTable } from '../account/coin-entries';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { AccountRecovery } from './account-recovery';
import { MoreButton, MorePages, type PageProps } from '../layout/more-pages';
import { useDebounced } from '../layout/use-debounced';
import { CreateAdminForm } from './create-admin-form';
import { StorageUsage } from './storage-usage';

const SEARCH_DELAY_MS = 300;

const UserByNameQuery = graphql(`
  query UserByName($name: String!) {
    userByName(name: $name) {
      id
      name
      role
      isVip
      isLocked
      balance
      hasTwoFactor
    }
  }
`);

const UsersQuery = graphql(`
  query Users($search: String, $after: String) {
    users(search: $search, first: 20, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          role
          isVip
          isLocked
          balance
        }
      }
    }
  }
`);

const UserCoinHistoryQuery = graphql(`
  query UserCoinHistory($id: ID!, $after: String) {
    userCoinHistory(id: $id, first: 20, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...CoinEntryFields
        }
      }
    }
  }
`);

const LockUserMutation = graphql(`
  mutation LockUser($id: ID!, $locked: Boolean!) {
    lockUser(id: $id, locked: $locked) {
      id
      isLocked
    }
  }
`);

const CreditUserMutation = graphql(`
  mutation CreditUser($id: ID!, $amount: Int!) {
    creditUser(id: $id, amount: $amount) {
      id
      balance
    }
  }
`);

function UserCoinPage({ id, ...page }: PageProps & { id: string }) {
  const [{ data, error }] = useQuery({
    query: UserCoinHistoryQuery,
    variables: { id, after: page.after },
    requestPolicy: 'network-only',
  });
  return <CoinRows page={page} connection={data?.userCoinHistory} error={error} />;
}

function UserCoins({ id }: { id: string }) {
  const intl = useIntl();
  return (
    <section aria-labelledby="user-coins">
      <h3 id="user-coins">
        <FormattedMessage id="admin.userCoins" />
      </h3>
      <CoinTable caption={intl.formatMessage({ id: 'admin.userCoins' })}>
        <MorePages page={(page) => <UserCoinPage id={id} {...page} />} />
      </CoinTable>
    </section>
  );
}

function UserPanel({ name }: { name: string }) {
  const [{ data, error }] = useQuery({ query: UserByNameQuery, variables: { name } });
  const [lockState, lock] = useMutation(LockUserMutation);
  const [creditState, credit] = useMutation(CreditUserMutation);
  const [amount, setAmount] = useState('');
  // The amount typed is not one the server takes: said here, before asking it.
  const [invalidAmount, setInvalidAmount] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const user = data?.userByName;
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  if (!user)
    return (
      <p role="status">
        <FormattedMessage id="admin.noSuchUser" values={{ name }} />
      </p>
    );
  /** Credit adds the amount typed, debit takes it back; a negative amount works the other way. */
  const move = async (sign: 1 | -1) => {
    const coins = Number(amount);
    setInvalidAmount(!isCreditAmount(coins));
    if (!isCreditAmount(coins)) return;
    if (!(await credit({ id: user.id, amount: sign * coins })).error) {
      setAmount('');
      setHistoryKey((n) => n + 1);
    }
  };
  return (
    <section className="panel" aria-labelledby="found-user">
      <h2 id="found-user">{user.name}</h2>
      <p data-testid="user-summary">
        <FormattedMessage
          id="admin.userSummary"
          values={{ role: user.role, vip: user.isVip, locked: user.isLocked, balance: user.balance }}
        />
      </p>
      <button
        type="button"
        onClick={() => void lock({ id: user.id, locked: !user.isLocked })}
        disabled={lockState.fetching}
      >
        <FormattedMessage id={user.isLocked ? 'admin.unlock' : 'admin.lock'} />
      </button>
      <ErrorMessage error={lockState.error} />
      <div className="row">
        <label>
          <FormattedMessage id="admin.coins" />
          <input
            type="number"
            min={-MAX_CREDIT}
            max={MAX_CREDIT}
            step={1}
            value={amount}
            aria-invalid={invalidAmount}
            onChange={(e) => {
              setAmount(e.target.value);
              setInvalidAmount(false);
            }}
          />
        </label>
        <button type="button" onClick={() => void move(1)} disabled={creditState.fetching}>
          <FormattedMessage id="admin.credit" />
        </button>
        <button type="button" onClick={() => void move(-1)} disabled={creditState.fetching}>
          <FormattedMessage id="admin.debit" />
        </button>
      </div>
      {invalidAmount ? (
        <p role="alert" className="error">
          <FormattedMessage id="admin.amountInvalid" values={{ min: -MAX_CREDIT, max: MAX_CREDIT }} />
        </p>
      ) : (
        <ErrorMessage error={creditState.error} />
      )}
      <AccountRecovery id={user.id} hasTwoFactor={user.hasTwoFactor} />
      <UserCoins key={historyKey} id={user.id} />
    </section>
  );
}

interface ListProps extends PageProps {
  search: string;
  chosen: string | null;
  onChoose: (name: string) => void;
}

/** One page of the accounts that match the search, each a button that opens it below the list. */
function UserListPage({ search, chosen, onChoose, ...page }: ListProps) {
  const [{ data, error }] = useQuery({ query: UsersQuery, variables: { search: search || null, after: page.after } });
  const users = data?.users.edges.map((edge) => edge.node) ?? [];
  return (
    <>
      {error && (
        <li>
          <ErrorMessage error={error} />
        </li>
      )}
      {data && page.after === null && users.length === 0 && (
        <li role="status">
          <FormattedMessage id="admin.noMatch" values={{ search }} />
        </li>
      )}
      {users.map((user) => (
        <li key={user.id}>
          <button
            type="button"
            className="link"
            aria-pressed={chosen === user.name}
            onClick={() => onChoose(user.name)}
          >
            {user.name}
          </button>{' '}
          <span className="meta">
            <FormattedMessage
              id="admin.userSummary"
              values={{ role: user.role, vip: user.isVip, locked: user.isLocked, balance: user.balance }}
            />
          </span>
        </li>
      ))}
      {data?.users.pageInfo.hasNextPage && page.last && (
        <li>
          <MoreButton page={page} pageInfo={data.users.pageInfo} />
        </li>
      )}
    </>
  );
}

export function UsersPage() {
  const [typed, setTyped] = useState('');
  const search = useDebounced(typed.trim(), SEARCH_DELAY_MS);
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <main>
      <h1>
        <FormattedMessage id="admin.users" />
      </h1>
      <div className="row" role="search">
        <label>
          <FormattedMessage id="admin.findUser" />
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
      </div>
      <ul className="plain user-list" data-testid="user-list">
        <MorePages
          key={search}
          page={(page) => <UserListPage search={search} chosen={chosen} onChoose={setChosen} {...page} />}
        />
      </ul>
      {chosen && <UserPanel key={chosen} name={chosen} />}
      <CreateAdminForm />
      <StorageUsage />
    </main>
  );
}
