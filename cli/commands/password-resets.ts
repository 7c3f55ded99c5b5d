import { Api } from '../api.js';
import { CreatePasswordReset, ResetPassword } from '../documents.js';
import { printRecord, show } from '../output.js';
import { saveSession } from '../session.js';
import { withCodeWhenAsked } from '../second-factor.js';
import { askPassword, say } from '../terminal.js';
import type { Topic } from './context.js';

/** A way back in without e-mail: an admin makes a one-time code, the user sets a new password with it. */
export const passwordResetCommands: Topic = (program, { api, json, server }) => {
  program
    .command('reset-code')
    .description('a one-time code with which a user who forgot the password sets a new one (admins)')
    .argument('<id>', 'the account’s id (see users, user)')
    .action(async (id) => {
      const { createPasswordReset } = await (await api()).mutation(CreatePasswordReset, { id });
      show(json(), { passwordReset: createPasswordReset }, () => {
        printRecord(createPasswordReset);
        say('Hand the code over in person or by a channel you trust; it works once.');
      });
    });

  program
    .command('reset-password')
    .description('set a new password with the code an admin gave you, and log in (your other sessions end)')
    .argument('<name>')
    .argument('<code>', 'the code the admin gave you')
    .option('--password-stdin', 'read the new password from stdin (and the two-factor code from the next line)')
    .option('--two-factor-code <code>', 'with two-factor sign-in on: the code of your authenticator app (else asked)')
    .action(async (name, code, options) => {
      const fromStdin = options.passwordStdin === true;
      const newPassword = await askPassword('New password: ', fromStdin);
      const api = new Api(server());
      const send = (twoFactorCode: string | undefined) =>
        api.mutation(ResetPassword, { name, code, newPassword, twoFactorCode });
      const { resetPassword } = await withCodeWhenAsked(send, options.twoFactorCode, fromStdin);
      await saveSession(server(), { token: resetPassword.token, name: resetPassword.user.name });
      show(json(), { user: resetPassword.user }, () =>
        console.log(`New password set; logged in as ${resetPassword.user.name}.`),
      );
    });
};
