import { BeginTwoFactor, ConfirmTwoFactor, DisableTwoFactor, ResetTwoFactor } from '../documents.js';
import { printRecord, show } from '../output.js';
import { askCode, askPassword, say } from '../terminal.js';
import type { Topic } from './context.js';

/** Two-factor sign-in: set it up with an authenticator app, renew the recovery codes, turn it off; admins reset it. */
export const twoFactorCommands: Topic = (program, { api, json }) => {
  const twoFactor = program.command('2fa').description('two-factor sign-in with an authenticator app');

  twoFactor
    .command('setup')
    .description('a new secret for your authenticator app; nothing changes until `2fa confirm`')
    .action(async () => {
      const { beginTwoFactor } = await (await api()).mutation(BeginTwoFactor, {});
      show(json(), { twoFactorSetup: beginTwoFactor }, () => {
        printRecord(beginTwoFactor);
        say('Add the secret (or the otpauth URL) to your authenticator app, then run 2fa confirm <code>.');
      });
    });

  twoFactor
    .command('confirm')
    .description('turn it on with a code of the app (when on: new recovery codes, the old ones stop working)')
    .argument('<code>', 'the code the app shows now')
    .action(async (code) => {
      const { confirmTwoFactor } = await (await api()).mutation(ConfirmTwoFactor, { code });
      show(json(), { recoveryCodes: confirmTwoFactor }, () => {
        say('Two-factor sign-in is on. Keep these recovery codes somewhere safe; each works once:');
        for (const recoveryCode of confirmTwoFactor) console.log(recoveryCode);
      });
    });

  twoFactor
    .command('disable')
    .description('turn it off with your password and a code (of the app, or a recovery code)')
    .option('--password-stdin', 'read the password from stdin (and the code from the next line)')
    .option('--code <code>', 'a code of the app, or a recovery code (else asked)')
    .action(async (options) => {
      const fromStdin = options.passwordStdin === true;
      const password = await askPassword('Password: ', fromStdin);
      const code = options.code ?? (await askCode('Code of your authenticator app (or a recovery code): ', fromStdin));
      const { disableTwoFactor } = await (await api()).mutation(DisableTwoFactor, { password, code });
      show(json(), { disableTwoFactor }, () =>
        console.log(disableTwoFactor ? 'Two-factor sign-in is off.' : 'Two-factor sign-in was off already.'),
      );
    });

  twoFactor
    .command('reset')
    .description('turn off the two-factor sign-in of a user who lost the device; their sessions end (admins)')
    .argument('<id>', 'the account’s id (see users, user)')
    .action(async (id) => {
      const { resetTwoFactor } = await (await api()).mutation(ResetTwoFactor, { id });
      show(json(), { user: resetTwoFactor }, () =>
        console.log(`Two-factor sign-in of ${resetTwoFactor.name} is off; their sessions have ended.`),
      );
    });
};
