import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { Api } from './api.js';
import {
  BuyVip,
  ChangePassword,
  Coins,
  CreateAdmin,
  CreditUser,
  DeleteMovie,
  History,
  LockUser,
  Login,
  Logout,
  Me,
  MovieById,
  Movies,
  Notices,
  Register,
  ReleaseNotice,
  UserByName,
  Users,
} from './documents.js';
import { downloadVideo } from './download.js';
import { CliError } from './errors.js';
import { printRecord, printTable, show } from './output.js';
import { forgetSession, savedSession, saveSession } from './session.js';
import { askPassword } from './terminal.js';
import { checkPlayable, discardUpload, fingerprintOf, uploadVideo } from './upload.js';

const DEFAULT_SERVER = 'http://127.0.0.1:4000';

function wholeNumber(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('Not a whole number.');
  return Number(value);
}

function serverOrigin(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return url.origin;
  } catch {
    throw new InvalidArgumentError('Not an http:// or https:// URL.');
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Every page of a connection, or only the first with `all` false. */
async function pages<Node>(
  all: boolean,
  fetchPage: (after: string | undefined) => Promise<{
    pageInfo: { hasNextPage: boolean; endCursor?: string | null };
    edges: { node: Node }[];
  }>,
): Promise<Node[]> {
  const nodes: Node[] = [];
  for (let after: string | undefined; ;) {
    const page = await fetchPage(after);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!all || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return nodes;
    after = page.pageInfo.endCursor;
  }
}

export function buildProgram(): Command<[], { server: string; json?: true; token?: string }> {
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

  const global = () => program.opts();
  const json = () => global().json === true;
  const api = async () => {
    const { server, token } = global();
    return new Api(server, token ?? (await savedSession(server))?.token);
  };

  program
    .command('register')
    .description('create an account (the first of a new server is its admin) and log in')
    .argument('<name>')
    .option('--password-stdin', 'read the password from stdin')
    .action(async (name, options) => {
      const password = await askPassword('Password: ', options.passwordStdin === true);
      const { register } = await (await api()).mutation(Register, { name, password });
      await saveSession(global().server, { token: register.token, name: register.user.name });
      show(json(), { user: register.user }, () =>
        console.log(`Registered and logged in as ${register.user.name} (${register.user.role}).`),
      );
    });

  program
    .command('login')
    .description('log in and save the session for this server')
    .argument('<name>')
    .option('--password-stdin', 'read the password from stdin')
    .action(async (name, options) => {
      const password = await askPassword('Password: ', options.passwordStdin === true);
      const { login } = await new Api(global().server).mutation(Login, { name, password });
      await saveSession(global().server, { token: login.token, name: login.user.name });
      show(json(), { user: login.user }, () => console.log(`Logged in as ${login.user.name} (${login.user.role}).`));
    });

  program
    .command('logout')
    .description('end the session and forget it')
    .action(async () => {
      const { logout } = await (await api()).mutation(Logout, {});
      await forgetSession(global().server);
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

  program
    .command('movies')
    .description('list the videos, newest first')
    .addOption(
      new Option('--type <type>', 'which videos').choices(['all', 'free', 'charge'] as const).default('all' as const),
    )
    .option('--search <text>', 'part of the name')
    .option('--first <n>', 'how many (a page, at most 100)', wholeNumber, 20)
    .option('--all', 'every page')
    .action(async (options) => {
      const client = await api();
      const type = options.type.toUpperCase() as 'ALL' | 'FREE' | 'CHARGE';
      const movies = await pages(options.all === true, async (after) => {
        const data = await client.query(Movies, { type, search: options.search, first: options.first, after });
        return data.movies;
      });
      show(json(), { movies }, () =>
        printTable(
          ['id', 'name', 'type', 'size', 'price', 'wait'],
          movies.map((m) => [m.id, m.name, m.isFree ? 'free' : 'paid', mib(m.size), m.price, `${m.waitSeconds} s`]),
        ),
      );
    });

  program
    .command('movie')
    .description('one video')
    .argument('<id>')
    .action(async (id) => {
      const { movie } = await (await api()).query(MovieById, { id });
      if (!movie) throw new CliError(`No video has the id ${id}.`, 'NOT_FOUND');
      show(json(), { movie }, () => printRecord(movie));
    });

  program
    .command('upload')
    .description('upload a video (admins), after checking that it is not there already; run again to resume')
    .argument('<file>')
    .option('--paid', 'a paid video (default: free)')
    .option('--name <name>', "the video's name (default: the file's name without its extension)")
    .option('--discard', 'throw away an unfinished upload of this file instead')
    .action(async (file, options) => {
      if (options.discard) {
        const discarded = await discardUpload(await api(), file);
        show(json(), { discarded }, () => console.log(discarded ? 'Discarded.' : 'No unfinished upload of this file.'));
        return;
      }
      const client = await api();
      const uploaded = await uploadVideo(client, file, options.paid !== true, options.name);
      const movie = { ...uploaded, isPlayable: await checkPlayable(client, file, uploaded.id) };
      show(json(), { movie }, () => console.log(`Uploaded “${movie.name}” as ${movie.id} (SHA-256 ${movie.sha256}).`));
    });

  program
    .command('delete')
    .description('delete a video (admins); its downloads stay in history')
    .argument('<id>')
    .action(async (id) => {
      const { deleteMovie } = await (await api()).mutation(DeleteMovie, { id });
      show(json(), { movie: deleteMovie }, () => console.log(`Deleted “${deleteMovie.name}”.`));
    });

  program
    .command('download')
    .description('download a video, resuming an earlier try; a paid one asks for confirmation')
    .argument('<id>')
    .option('-o, --output <path>', 'the file, or a folder for it (default: the video’s name, here)')
    .option('--yes', 'pay without asking')
    .action(async (id, options) => {
      const downloaded = await downloadVideo(await api(), id, options.output, options.yes === true);
      show(json(), { download: downloaded }, () => console.log(`Saved ${downloaded.path} (SHA-256 checked).`));
    });

  program
    .command('history')
    .description('your downloads, newest first')
    .option('--all', 'every page')
    .action(async (options) => {
      const client = await api();
      const downloads = await pages(
        options.all === true,
        async (after) => (await client.query(History, { first: 100, after })).downloadRecords,
      );
      show(json(), { downloads }, () =>
        printTable(
          ['when', 'video', 'price'],
          downloads.map((d) => [d.downloadedAt, d.movie.name, d.price]),
        ),
      );
    });

  program
    .command('coins')
    .description('your balance and its entries, newest first')
    .action(async () => {
      const { me, coinHistory } = await (await api()).query(Coins, { first: 100 });
      if (!me) throw new CliError('Not logged in: run login first.', 'UNAUTHENTICATED');
      const entries = coinHistory.edges.map((edge) => edge.node);
      show(json(), { balance: me.balance, entries }, () => {
        console.log(`Balance: ${me.balance} coins`);
        printTable(
          ['when', 'reason', 'amount', 'balance', 'video'],
          entries.map((e) => [e.createdAt, e.reason, e.amount, e.balanceAfter, e.movie?.name]),
        );
      });
    });

  program
    .command('notices')
    .description('notices, newest first')
    .action(async () => {
      const { notices } = await (await api()).query(Notices, { first: 20 });
      const list = notices.edges.map((edge) => edge.node);
      show(json(), { notices: list }, () => {
        for (const notice of list)
          console.log(`${notice.createdAt}  ${notice.title} (${notice.author.name})\n  ${notice.content}\n`);
        if (!list.length) console.log('(none)');
      });
    });

  program
    .command('notice')
    .description('publish a notice (admins)')
    .argument('<title>')
    .argument('<content>')
    .action(async (title, content) => {
      const { releaseNotice } = await (await api()).mutation(ReleaseNotice, { title, content });
      show(json(), { notice: releaseNotice }, () => console.log(`Published “${releaseNotice.title}”.`));
    });

  program
    .command('vip')
    .description('buy the VIP membership from your balance')
    .action(async () => {
      const { buyVip } = await (await api()).mutation(BuyVip, {});
      show(json(), { user: buyVip }, () => console.log(`${buyVip.name} is VIP; balance ${buyVip.balance} coins.`));
    });

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

  program
    .command('fingerprint')
    .description('the fingerprint of a file, as uploadMovie and checkMovie expect it')
    .argument('<file>')
    .action(async (file) => {
      const result = await fingerprintOf(file);
      show(json(), result, () => console.log(result.fingerprint));
    });

  return program;
}
