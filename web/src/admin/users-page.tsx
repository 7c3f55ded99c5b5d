import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useMutation, useQuery } from 'urql';
import { isCreditAmount, MAX_CREDIT } from '../../../domain/commerce/credit-amounts.js';
import { CoinEntries } from '../account/coin-entries';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { AccountRecovery } from './account-recovery';
import { CreateAdminForm } from './create-admin-form';

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

const UserCoinHistoryQuery = graphql(`
  query UserCoinHistory($id: ID!) {
    userCoinHistory(id: $id, first: 20) {
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

function UserCoins({ id }: { id: string }) {
  const intl = useIntl();
  const [{ data, error }] = useQuery({ query: UserCoinHistoryQuery, variables: { id }, requestPolicy: 'network-only' });
  return (
    <section aria-labelledby="user-coins">
      <h3 id="user-coins">
        <FormattedMessage id="admin.userCoins" />
      </h3>
      <ErrorMessage error={error} />
      {data && (
        <CoinEntries
          entries={data.userCoinHistory.edges.map((edge) => edge.node)}
          caption={intl.formatMessage({ id: 'admin.userCoins' })}
        />
      )}
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

export function UsersPage() {
  const [typed, setTyped] = useState('');
  const [name, setName] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setName(typed.trim() || null);
  };
  return (
    <main>
      <h1>
        <FormattedMessage id="admin.users" />
      </h1>
      <form onSubmit={submit} className="row" role="search">
        <label>
          <FormattedMessage id="admin.findUser" />
          <input value={typed} onChange={(e) => setTyped(e.target.value)} required />
        </label>
        <button type="submit">
          <FormattedMessage id="admin.find" />
        </button>
      </form>
      {name && <UserPanel key={name} name={name} />}
      <CreateAdminForm />
    </main>
  );
}
