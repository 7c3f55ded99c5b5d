import { FormattedMessage } from 'react-intl';
import { useViewer } from '../session/session';
import { CoinHistory } from './coin-history';
import { DownloadHistory } from './download-history';
import { PasswordForm } from './password-form';
import { SessionsPanel } from './sessions-panel';
import { TwoFactorPanel } from './two-factor-panel';
import { VipPanel } from './vip-panel';

export function AccountPage() {
  const viewer = useViewer();
  return (
    <main>
      <h1>
        <FormattedMessage id="account.title" values={{ name: viewer.name }} />
      </h1>
      <p className="balance" data-testid="balance">
        <FormattedMessage id="account.balance" values={{ balance: viewer.balance }} />
      </p>
      <VipPanel />
      <CoinHistory />
      <DownloadHistory />
      <PasswordForm />
      <TwoFactorPanel />
      <SessionsPanel />
    </main>
  );
}
