import { FormattedMessage } from 'react-intl';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from '../i18n/error-message';
import { DateTimeText } from '../layout/date-text';

const CreatePasswordResetMutation = graphql(`
  mutation CreatePasswordReset($id: ID!) {
    createPasswordReset(id: $id) {
      code
      expiresAt
    }
  }
`);

const ResetTwoFactorMutation = graphql(`
  mutation ResetTwoFactor($id: ID!) {
    resetTwoFactor(id: $id) {
      id
      hasTwoFactor
    }
  }
`);

/**
 * A way back in for a user locked out of their own account: a one-time code to set a new password
 * (shown once, to hand over), and two-factor sign-in turned off for a lost phone.
 */
export function AccountRecovery({ id, hasTwoFactor }: { id: string; hasTwoFactor: boolean }) {
  const [resetState, createReset] = useMutation(CreatePasswordResetMutation);
  const [twoFactorState, resetTwoFactor] = useMutation(ResetTwoFactorMutation);
  const reset = resetState.data?.createPasswordReset;
  return (
    <div className="stack">
      <div className="row">
        <button type="button" onClick={() => void createReset({ id })} disabled={resetState.fetching}>
          <FormattedMessage id="admin.createPasswordReset" />
        </button>
        {hasTwoFactor && (
          <button type="button" onClick={() => void resetTwoFactor({ id })} disabled={twoFactorState.fetching}>
            <FormattedMessage id="admin.resetTwoFactor" />
          </button>
        )}
      </div>
      {reset && (
        <p role="status">
          <FormattedMessage
            id="admin.passwordReset"
            values={{
              code: <code data-testid="password-reset-code">{reset.code}</code>,
              expiresAt: <DateTimeText value={reset.expiresAt} />,
            }}
          />
        </p>
      )}
      <ErrorMessage error={resetState.error ?? twoFactorState.error} />
    </div>
  );
}
