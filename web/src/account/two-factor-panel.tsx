import { toCanvas } from 'qrcode';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { TextField } from '../layout/text-field';
import { useSession, useViewer } from '../session/session';

const BeginTwoFactorMutation = graphql(`
  mutation BeginTwoFactor {
    beginTwoFactor {
      secret
      otpauthUrl
    }
  }
`);

const ConfirmTwoFactorMutation = graphql(`
  mutation ConfirmTwoFactor($code: String!) {
    confirmTwoFactor(code: $code)
  }
`);

const DisableTwoFactorMutation = graphql(`
  mutation DisableTwoFactor($password: String!, $code: String!) {
    disableTwoFactor(password: $password, code: $code)
  }
`);

/** The otpauth URL as a QR code, drawn here: the secret goes to no other server. */
function QrCode({ url, label }: { url: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) void toCanvas(canvas.current, url, { width: 200, margin: 2 });
  }, [url]);
  return <canvas ref={canvas} role="img" aria-label={label} />;
}

/** Ten one-time codes, shown this once: the way in without the phone. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const intl = useIntl();
  return (
    <div className="stack" role="status">
      <p>
        <FormattedMessage id="twoFactor.recoveryCodes" />
      </p>
      <ul className="recovery-codes" aria-label={intl.formatMessage({ id: 'twoFactor.recoveryCodesList' })}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDone}>
        <FormattedMessage id="twoFactor.saved" />
      </button>
    </div>
  );
}

/** Setting it up: a secret from the server, shown as a QR code and as text, confirmed with a code of the app. */
function TwoFactorSetup({ onConfirmed }: { onConfirmed: (codes: string[]) => void }) {
  const intl = useIntl();
  const [beginState, begin] = useMutation(BeginTwoFactorMutation);
  const [confirmState, confirm] = useMutation(ConfirmTwoFactorMutation);
  const [code, setCode] = useState('');
  const setup = beginState.data?.beginTwoFactor;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await confirm({ code });
    setCode('');
    if (result.data) onConfirmed(result.data.confirmTwoFactor);
  };
  if (!setup)
    return (
      <>
        <p>
          <FormattedMessage id="twoFactor.off" />
        </p>
        <ErrorMessage error={beginState.error} />
        <button type="button" onClick={() => void begin({})} disabled={beginState.fetching}>
          <FormattedMessage id="twoFactor.setUp" />
        </button>
      </>
    );
  return (
    <form onSubmit={(event) => void submit(event)} className="stack">
      <p>
        <FormattedMessage id="twoFactor.scan" />
      </p>
      <QrCode url={setup.otpauthUrl} label={intl.formatMessage({ id: 'twoFactor.qrCode' })} />
      <p>
        <FormattedMessage id="twoFactor.secret" /> <code data-testid="two-factor-secret">{setup.secret}</code>
      </p>
      <TextField
        label={<FormattedMessage id="twoFactor.code" />}
        value={code}
        onChange={setCode}
        autoComplete="one-time-code"
        inputMode="numeric"
        spellCheck={false}
        required
      />
      <ErrorMessage error={confirmState.error} />
      <button type="submit" disabled={confirmState.fetching}>
        <FormattedMessage id="twoFactor.confirm" />
      </button>
    </form>
  );
}

/** Turning it off takes the password and a code (of the app, or a recovery code). */
function TwoFactorRemoval({ onDisabled }: { onDisabled: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [state, disable] = useMutation(DisableTwoFactorMutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await disable({ password, code });
    setCode('');
    if (!result.error) onDisabled();
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="stack">
      <p>
        <FormattedMessage id="twoFactor.on" />
      </p>
      <TextField
        label={<FormattedMessage id="signIn.password" />}
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
        required
      />
      <TextField
        label={<FormattedMessage id="signIn.code" />}
        value={code}
        onChange={setCode}
        autoComplete="one-time-code"
        spellCheck={false}
        required
      />
      <ErrorMessage error={state.error} />
      <button type="submit" disabled={state.fetching}>
        <FormattedMessage id="twoFactor.disable" />
      </button>
    </form>
  );
}

export function TwoFactorPanel() {
  const viewer = useViewer();
  const { refresh } = useSession();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  return (
    <section aria-labelledby="two-factor">
      <h2 id="two-factor">
        <FormattedMessage id="twoFactor.title" />
      </h2>
      {recoveryCodes ? (
        <RecoveryCodes
          codes={recoveryCodes}
          onDone={() => {
            setRecoveryCodes(null);
            refresh();
          }}
        />
      ) : viewer.hasTwoFactor ? (
        <TwoFactorRemoval onDisabled={refresh} />
      ) : (
        <TwoFactorSetup onConfirmed={setRecoveryCodes} />
      )}
    </section>
  );
}
