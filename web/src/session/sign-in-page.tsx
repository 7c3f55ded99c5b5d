import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { useSession } from './session';
import { TextField } from '../layout/text-field';

const LoginMutation = graphql(`
  mutation Login($name: String!, $password: String!) {
    login(name: $name, password: $password) {
      user {
        id
      }
    }
  }
`);

const RegisterMutation = graphql(`
  mutation Register($name: String!, $password: String!) {
    register(name: $name, password: $password) {
      user {
        id
      }
    }
  }
`);

export function SignInPage() {
  const intl = useIntl();
  const session = useSession();
  const [mode, setMode] = useState<'signIn' | 'register'>('signIn');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [loginState, login] = useMutation(LoginMutation);
  const [registerState, register] = useMutation(RegisterMutation);
  const state = mode === 'signIn' ? loginState : registerState;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await (mode === 'signIn' ? login : register)({ name, password });
    if (!result.error) session.signedIn();
  };

  return (
    <main className="narrow">
      <h1>
        <FormattedMessage id={mode === 'signIn' ? 'signIn.title' : 'register.title'} />
      </h1>
      {session.expired && (
        <p role="status" className="notice">
          <FormattedMessage id="signIn.expired" />
        </p>
      )}
      <form onSubmit={submit} className="stack">
        <TextField
          label={<FormattedMessage id="signIn.name" />}
          value={name}
          onChange={setName}
          autoComplete="username"
          required
        />
        <TextField
          label={<FormattedMessage id="signIn.password" />}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete={mode === 'signIn' ? 'current-password' : 'new-password'}
          required
        />
        <ErrorMessage error={state.error} />
        <button type="submit" disabled={state.fetching}>
          <FormattedMessage id={mode === 'signIn' ? 'signIn.submit' : 'register.submit'} />
        </button>
      </form>
      <button type="button" className="link" onClick={() => setMode(mode === 'signIn' ? 'register' : 'signIn')}>
        {intl.formatMessage({ id: mode === 'signIn' ? 'signIn.toRegister' : 'register.toSignIn' })}
      </button>
    </main>
  );
}
