import { Command, Option } from '@commander-js/extra-typings';
import { accountCommands } from './commands/accounts.js';
import { adminCommands } from './commands/admin.js';
import { serverOrigin } from './commands/arguments.js';
import { coinCommands } from './commands/coins.js';
import { contextOf, type Program, type Topic } from './commands/context.js';
import { downloadCommands } from './commands/downloads.js';
import { movieCommands } from './commands/movies.js';
import { noticeCommands } from './commands/notices.js';
import { passwordResetCommands } from './commands/password-resets.js';
import { sessionCommands } from './commands/sessions.js';
import { twoFactorCommands } from './commands/two-factor.js';
import { uploadCommands } from './commands/uploads.js';

const DEFAULT_SERVER = 'http://127.0.0.1:4000';

/** The commands by topic, in the order `--help` lists them. */
const TOPICS: Topic[] = [
  accountCommands,
  twoFactorCommands,
  sessionCommands,
  passwordResetCommands,
  movieCommands,
  uploadCommands,
  downloadCommands,
  coinCommands,
  noticeCommands,
  adminCommands,
];

export function buildProgram(): Program {
  const program = new Command('youku')
    .description('The command-line client of the video platform.')
    .addOption(
      new Option('--server <url>', 'the server (env VIDEO_SERVER)')
        .env('VIDEO_SERVER')
        .default(DEFAULT_SERVER)
        .argParser(serverOrigin),
    )
    .option('--json', 'print exactly one JSON document on stdout: the data of the operation')
    .option('--token <token>', 'a session token (default: the session saved by login)')
    .exitOverride()
    .showSuggestionAfterError();
  const context = contextOf(program);
  for (const addCommands of TOPICS) addCommands(program, context);
  return program;
}
