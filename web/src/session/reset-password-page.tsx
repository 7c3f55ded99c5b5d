import { useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { TextField } from '../layout/text-field';
import { Link, navigate } from '../routing';
import { useSession } from './session';

/** Reachable without signing in, from the sign-in page. */
export const RESET_PASSWORD_PATH = '/reset-password';

const ResetPasswordMutation = graphql(`
  mutation ResetPassword($name: String!, $code: String!, $newPassword: String!, $twoFactorCode: String) {
    resetPassword(name: $name, code: $code, newPassword: $newPassword, twoFactorCode: $twoFactorCode) {
      user {
        id
      }
    }
  }
`);

/** A forgotten password: the one-time code an admin handed over sets a new one, and signs in. */
export function ResetPasswordPage() {
  const session = useSession();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  // Asked for once the server says the account has two-factor sign-in on: a reset code does not pass by it.
  const [twoFactorCode, setTwoFactorCode] = useState('');
  const [needsTwoFactorCode, setNeedsTwoFactorCode] = useState(false);
  const [state, reset] = useMutation(ResetPasswordMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await reset({
      name,
      code,
      newPassword,
      twoFactorCode: needsTwoFactorCode && twoFactorCode ? twoFactorCode : null,
    });
    const reason = result.error?.graphQLErrors[0]?.extensions?.reason;
    if (reason === 'TWO_FACTOR_REQUIRED' || reason === 'WRONG_CODE') setNeedsTwoFactorCode(true);
    if (result.error) return;
    navigate('/');
    session.signedIn();
  };

  return (
    <main className="narrow">
      <h1>
        <FormattedMessage id="resetPassword.title" />
      </h1>
      <p>
        <FormattedMessage id="resetPassword.intro" />
      </p>
      <form onSubmit={(event) => void submit(event)} className="stack">
        <TextField
          label={<FormattedMessage id="signIn.name" />}
          value={name}
          onChange={setName}
          autoComplete="username"
          required
        />
        <TextField
          label={<FormattedMessage id="resetPassword.code" />}
          value={code}
          onChange={setCode}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <TextField
          label={<FormattedMessage id="password.new" />}
          type="password"
          value={newPassword}
          onChange={setNewPassword}
          autoComplete="new-password"
          required
        />
        {needsTwoFactorCode && (
          <TextField
            label={<FormattedMessage id="signIn.code" />}
            value={twoFactorCode}
            onChange={setTwoFactorCode}
            autoComplete="one-time-code"
            spellCheck={false}
          />
        )}
        <ErrorMessage error={state.error} />
        <button type="submit" disabled={state.fetching}>
          <FormattedMessage id="resetPassword.submit" />
        </button>
      </form>
      <p>
        <Link to="/">
          <FormattedMessage id="resetPassword.toSignIn" />
        </Link>
      </p>
    </main>
  );
}
