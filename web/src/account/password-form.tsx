import { useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { TextField } from '../layout/text-field';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export function PasswordForm() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [state, change] = useMutation(ChangePasswordMutation);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const result = await change({ currentPassword, newPassword });
    if (result.error) return;
    setCurrent('');
    setNew('');
    setDone(true);
  };
  return (
    <section aria-labelledby="password">
      <h2 id="password">
        <FormattedMessage id="password.title" />
      </h2>
      <form onSubmit={(event) => void submit(event)} className="stack">
        <TextField
          label={<FormattedMessage id="password.current" />}
          type="password"
          value={currentPassword}
          onChange={setCurrent}
          autoComplete="current-password"
          required
        />
        <TextField
          label={<FormattedMessage id="password.new" />}
          type="password"
          value={newPassword}
          onChange={setNew}
          autoComplete="new-password"
          required
        />
        <ErrorMessage error={state.error} />
        {done && (
          <p role="status">
            <FormattedMessage id="password.changed" />
          </p>
        )}
        <button type="submit" disabled={state.fetching}>
          <FormattedMessage id="password.submit" />
        </button>
      </form>
    </section>
  );
}
