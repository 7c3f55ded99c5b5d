import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { TextField } from '../layout/text-field';
import { Link, navigate } from '../routing';
import { RESET_PASSWORD_PATH } from './reset-password-page';
import { useSession } from './session';

const LoginMutation = graphql(`
  mutation Login($name: String!, $password: String!, $code: String) {
    login(name: $name, password: $password, code: $code) {
      user {
        id
      }
    }
  }
`);

const RegisterMutation = graphql(`
  mutation Register($name: String!, $password: String!, $setupCode: String) {
    register(name: $name, password: $password, setupCode: $setupCode) {
      user {
        id
      }
    }
  }
`);

const FirstRunQuery = graphql(`
  query FirstRun {
    firstAccountBecomesAdmin
  }
`);

/** Where the first administrator lands: a short list of what to do first. */
export const START_PATH = '/admin/start';

export function SignInPage() {
  const intl = useIntl();
  const session = useSession();
  const [mode, setMode] = useState<'signIn' | 'register'>('signIn');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  // Asked for once the server says the first account needs the code it printed at start.
  const [setupCode, setSetupCode] = useState('');
  const [needsSetupCode, setNeedsSetupCode] = useState(false);
  // Asked for once the server says the account has two-factor sign-in on.
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [loginState, login] = useMutation(LoginMutation);
  const [registerState, register] = useMutation(RegisterMutation);
  const state = mode === 'signIn' ? loginState : registerState;
  // An instance without an administrator yet: whoever registers now becomes it, and is told so.
  const [firstRun] = useQuery({ query: FirstRunQuery, requestPolicy: 'network-only' });
  const firstAdmin = firstRun.data?.firstAccountBecomesAdmin === true;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result =
      mode === 'signIn'
        ? await login({ name, password, code: needsCode && code ? code : null })
        : await register({ name, password, setupCode: needsSetupCode && setupCode ? setupCode : null });
    const refusal = result.error?.graphQLErrors[0]?.extensions;
    if (refusal?.field === 'setupCode') setNeedsSetupCode(true);
    if (refusal?.reason === 'TWO_FACTOR_REQUIRED' || refusal?.reason === 'WRONG_CODE') setNeedsCode(true);
    if (refusal?.reason === 'WRONG_CODE') setCode('');
    if (result.error) return;
    if (mode === 'register' && firstAdmin) navigate(START_PATH);
    session.signedIn();
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
      {firstAdmin && (
        <p className="notice" data-testid="first-admin">
          <FormattedMessage id="register.firstAdmin" />
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} className="stack">
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
        {mode === 'signIn' && needsCode && (
          <TextField
            label={<FormattedMessage id="signIn.code" />}
            value={code}
            onChange={setCode}
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            autoFocus
          />
        )}
        {mode === 'register' && needsSetupCode && (
          <TextField
            label={<FormattedMessage id="register.setupCode" />}
            value={setupCode}
            onChange={setSetupCode}
            autoComplete="off"
            spellCheck={false}
          />
        )}
        <ErrorMessage error={state.error} />
        <button type="submit" disabled={state.fetching}>
          <FormattedMessage id={mode === 'signIn' ? 'signIn.submit' : 'register.submit'} />
        </button>
      </form>
      <button type="button" className="link" onClick={() => setMode(mode === 'signIn' ? 'register' : 'signIn')}>
        {intl.formatMessage({ id: mode === 'signIn' ? 'signIn.toRegister' : 'register.toSignIn' })}
      </button>
      {mode === 'signIn' && (
        <p>
          <Link to={RESET_PASSWORD_PATH}>
            <FormattedMessage id="signIn.forgotPassword" />
          </Link>
        </p>
      )}
    </main>
  );
}
