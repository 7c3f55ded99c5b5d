import { Api } from '../api.js';
import { ChangePassword, Login, Logout, Me, Register } from '../documents.js';
import { CliError } from '../errors.js';
import { printRecord, show } from '../output.js';
import { forgetSession, saveSession } from '../session.js';
import { withCodeWhenAsked } from '../second-factor.js';
import { askPassword } from '../terminal.js';
import type { Topic } from './context.js';

/** Everyone's own account: register, log in and out, who am I, a new password. */
export const accountCommands: Topic = (program, { api, json, server }) => {
  program
    .command('register')
    .description('create an account (the first of a new server is its admin) and log in')
    .argument('<name>')
    .option('--password-stdin', 'read the password from stdin')
    .action(async (name, options) => {
      const password = await askPassword('Password: ', options.passwordStdin === true);
      const { register } = await (await api()).mutation(Register, { name, password });
      await saveSession(server(), { token: register.token, name: register.user.name });
      show(json(), { user: register.user }, () =>
        console.log(`Registered and logged in as ${register.user.name} (${register.user.role}).`),
      );
    });

  program
    .command('login')
    .description('log in and save the session for this server')
    .argument('<name>')
    .option('--password-stdin', 'read the password from stdin (and the two-factor code from the next line)')
    .option('--code <code>', 'the code of your authenticator app, or a recovery code (else asked when needed)')
    .action(async (name, options) => {
      const fromStdin = options.passwordStdin === true;
      const password = await askPassword('Password: ', fromStdin);
      const api = new Api(server());
      const send = (code: string | undefined) => api.mutation(Login, { name, password, code });
      const { login } = await withCodeWhenAsked(send, options.code, fromStdin);
      await saveSession(server(), { token: login.token, name: login.user.name });
      show(json(), { user: login.user }, () => console.log(`Logged in as ${login.user.name} (${login.user.role}).`));
    });

  program
    .command('logout')
    .description('end the session and forget it')
    .action(async () => {
      const { logout } = await (await api()).mutation(Logout, {});
      await forgetSession(server());
      show(json(), { logout }, () => console.log('Logged out.'));
    });

  program
    .command('whoami')
    .description('the account logged in')
    .action(async () => {
      const { me } = await (await api()).query(Me, {});
      if (!me) throw new CliError('Not logged in: run login first.', 'UNAUTHENTICATED');
      show(json(), { me }, () => printRecord(me));
    });

  program
    .command('passwd')
    .description('change your password (with --password-stdin: the current one, then the new one, one a line)')
    .option('--password-stdin', 'read the passwords from stdin')
    .action(async (options) => {
      const currentPassword = await askPassword('Current password: ', options.passwordStdin === true);
      const newPassword = await askPassword('New password: ', options.passwordStdin === true);
      const data = await (await api()).mutation(ChangePassword, { currentPassword, newPassword });
      show(json(), data, () => console.log('Password changed; your other sessions have ended.'));
    });
};
