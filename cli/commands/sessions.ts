import { EndSession, Sessions } from '../documents.js';
import { printTable, show } from '../output.js';
import type { Topic } from './context.js';

/** Where you are signed in: list the sessions, end one. */
export const sessionCommands: Topic = (program, { api, json }) => {
  program
    .command('sessions')
    .description('where you are signed in, the most recently used first (* marks this one)')
    .action(async () => {
      const { sessions } = await (await api()).query(Sessions, {});
      show(json(), { sessions }, () =>
        printTable(
          ['id', '', 'last used', 'signed in', 'address', 'user agent'],
          sessions.map((s) => [s.id, s.isCurrent ? '*' : '', s.lastUsedAt, s.createdAt, s.address, s.userAgent]),
        ),
      );
    });

  program
    .command('end-session')
    .description('end one of your sessions (see sessions): it is signed out at once')
    .argument('<id>', 'the session’s id')
    .action(async (id) => {
      const { endSession } = await (await api()).mutation(EndSession, { id });
      show(json(), { endSession }, () => console.log('The session has ended.'));
    });
};
