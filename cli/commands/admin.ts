import { CreateAdmin, CreditUser, LockUser, UserByName, Users } from '../documents.js';
import { CliError } from '../errors.js';
import { printRecord, printTable, show } from '../output.js';
import { askPassword } from '../terminal.js';
import { wholeNumber } from './arguments.js';
import type { Topic } from './context.js';
import { pages } from './pages.js';

/** The admins' work on accounts: list and find them, lock and unlock, credit coins, create admins. */
export const adminCommands: Topic = (program, { api, json }) => {
  program
    .command('users')
    .description('every account, newest first (admins)')
    .option('--all', 'every page')
    .action(async (options) => {
      const client = await api();
      const users = await pages(
        options.all === true,
        async (after) => (await client.query(Users, { first: 100, after })).users,
      );
      show(json(), { users }, () =>
        printTable(
          ['id', 'name', 'role', 'vip', 'locked', 'balance'],
          users.map((u) => [u.id, u.name, u.role, u.isVip ? 'yes' : '', u.isLocked ? 'yes' : '', u.balance]),
        ),
      );
    });

  program
    .command('user')
    .description('the account of a name (admins)')
    .argument('<name>')
    .action(async (name) => {
      const { userByName } = await (await api()).query(UserByName, { name });
      if (!userByName) throw new CliError(`No account is named ${name}.`, 'NOT_FOUND');
      show(json(), { user: userByName }, () => printRecord(userByName));
    });

  for (const [command, locked] of [
    ['lock', true],
    ['unlock', false],
  ] as const) {
    program
      .command(command)
      .description(
        locked ? 'lock an account: it cannot log in, its sessions end (admins)' : 'unlock an account (admins)',
      )
      .argument('<id>', 'the account’s id (see users, user)')
      .action(async (id) => {
        const { lockUser } = await (await api()).mutation(LockUser, { id, locked });
        show(json(), { user: lockUser }, () =>
          console.log(`${lockUser.name} is ${lockUser.isLocked ? 'locked' : 'unlocked'}.`),
        );
      });
  }

  program
    .command('credit')
    .description('add coins to a balance, or take them back with a negative amount (admins)')
    .argument('<id>', 'the account’s id (see users, user)')
    .argument('<amount>', 'coins, negative to debit', wholeNumber)
    .action(async (id, amount) => {
      const { creditUser } = await (await api()).mutation(CreditUser, { id, amount });
      show(json(), { user: creditUser }, () =>
        console.log(`${creditUser.name}'s balance: ${creditUser.balance} coins.`),
      );
    });

  program
    .command('create-admin')
    .description('create an admin account (admins)')
    .argument('<name>')
    .option('--password-stdin', 'read the password from stdin')
    .action(async (name, options) => {
      const password = await askPassword(`Password for ${name}: `, options.passwordStdin === true);
      const { createAdmin } = await (await api()).mutation(CreateAdmin, { name, password });
      show(json(), { user: createAdmin }, () =>
        console.log(`Created the admin ${createAdmin.name} (${createAdmin.id}).`),
      );
    });
};
