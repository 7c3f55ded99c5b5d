import {
  addressRule,
  databaseUrl,
  flag,
  heights,
  host,
  integer,
  oneOf,
  origins,
  publicOrigin,
  secretsKey,
  text,
  type Kind,
} from './kinds.js';
import { storageUrl } from './storage-url.js';

/** A default that follows other settings: `readConfig` computes it, the page shows `shown`. */
export class Derived {
  constructor(readonly shown: string) {}
}

/** The sections of the page, in its order; `about` introduces each (markdown). */
export const GROUPS = {
  http: {
    title: 'Listening and HTTP',
    about: 'Where the server listens and how it treats the requests that reach it.',
  },
  database: {
    title: 'Database',
    about:
      'SQLite by default; MySQL or MariaDB for several processes (see [operations](operations.md#mysql-or-mariadb)).',
  },
  storage: {
    title: 'Storage and uploads',
    about:
      'Where videos and posters are kept: a folder, or an S3-compatible bucket (see [S3-compatible storage](#s3-compatible-storage)).',
  },
  site: {
    title: 'Prices, waits and sessions',
    about: 'The rules the people who use the site meet.',
  },
  accounts: {
    title: 'Accounts: two-factor sign-in and password resets',
    about:
      'Two-factor secrets are kept encrypted with a key of the server (see [operations](operations.md#the-secrets-key)).',
  },
  admin: {
    title: 'The first administrator',
    about: 'Optional: see [the first administrator](#the-first-administrator).',
  },
  limits: {
    title: 'Limits on clients',
    about:
      'What one client may ask of the server (see [slow clients and connections](#slow-clients-and-connections) and [limits](#limits)).',
  },
  media: {
    title: 'Streams, previews and background jobs',
    about:
      'ffprobe and ffmpeg run in background jobs after an upload, in the server or in worker processes (see [operations](operations.md#streams-and-workers)).',
  },
  observability: {
    title: 'Logs and metrics',
    about: 'See [operations](operations.md#logs) for what is logged and measured.',
  },
} as const;

export type GroupId = keyof typeof GROUPS;

/** One variable: its section, what it means (markdown), the kind of value it takes, and its default. */
export interface Variable<T, F extends T | undefined | Derived = T | undefined | Derived> {
  group: GroupId;
  meaning: string;
  kind: Kind<T>;
  /** The value when the variable is unset or empty; `undefined`: it has none. */
  fallback: F;
}

function variable<T, const F extends NoInfer<T> | undefined | Derived>(spec: Variable<T, F>): Variable<T, F> {
  return spec;
}

const INT_MAX = 2_147_483_647;

/**
 * Every environment variable the server reads, in the page's order: `readConfig` parses them and
 * `npm run docs:config` writes docs/configuration.md from them, so the page cannot drift.
 */
export const VARIABLES = {
  PORT: variable({ group: 'http', kind: integer(0, 65535), fallback: 4000, meaning: 'HTTP port (`0`: any free one)' }),
  HOST: variable({
    group: 'http',
    kind: host,
    fallback: '127.0.0.1',
    meaning:
      'address or host name to listen on (`0.0.0.0`: every interface; anything but loopback asks for a [setup code](#the-first-administrator))',
  }),
  PUBLIC_URL: variable({
    group: 'http',
    kind: publicOrigin,
    fallback: undefined,
    meaning:
      'origin of ticket and poster URLs, e.g. `https://video.example.com` (unset: the origin each request came to)',
  }),
  TRUST_PROXY: variable({
    group: 'http',
    kind: addressRule,
    fallback: false,
    meaning:
      "whose `X-Forwarded-*` and `X-Request-Id` headers to believe: the reverse proxy's addresses (see [behind a reverse proxy](#behind-a-reverse-proxy))",
  }),
  COOKIE_SECURE: variable({
    group: 'http',
    kind: flag,
    fallback: false,
    meaning: 'always mark the session cookie `Secure` (else only over HTTPS; see `TRUST_PROXY`)',
  }),
  CORS_ORIGINS: variable({
    group: 'http',
    kind: origins,
    fallback: [],
    meaning: 'origins of other sites allowed to call the API with credentials (see [CORS](#other-sites-cors))',
  }),
  GRAPHIQL: variable({
    group: 'http',
    kind: flag,
    fallback: true,
    meaning: 'serve GraphiQL on `GET /graphql` and suggest field names in errors (`false`: neither)',
  }),
  SHUTDOWN_GRACE_SECONDS: variable({
    group: 'http',
    kind: integer(0, 3600),
    fallback: 10,
    meaning: 'on `SIGTERM`, how long requests in flight and running jobs may take before they are cut',
  }),

  DATABASE_URL: variable({
    group: 'database',
    kind: databaseUrl,
    fallback: 'sqlite:./data/app.db',
    meaning: 'the database, created and migrated at start',
  }),
  DATABASE_TIMEOUT_SECONDS: variable({
    group: 'database',
    kind: integer(1, 3600),
    fallback: 10,
    meaning:
      'how long a request waits on the database (to connect, for a pooled connection, per query) before it fails',
  }),
  MIGRATION_WAIT_SECONDS: variable({
    group: 'database',
    kind: integer(1, 86_400),
    fallback: 300,
    meaning: 'at start, how long to wait while another process migrates the database, then exit 1',
  }),

  MEDIA_DIR: variable({
    group: 'storage',
    kind: text('a folder'),
    fallback: './data/media',
    meaning: 'where videos and posters are stored, without `STORAGE_URL` (made at start; must be writable)',
  }),
  STORAGE_URL: variable({
    group: 'storage',
    kind: storageUrl,
    fallback: undefined,
    meaning: 'an S3-compatible bucket instead of `MEDIA_DIR` (created at start when missing)',
  }),
  AWS_ACCESS_KEY_ID: variable({
    group: 'storage',
    kind: text('text'),
    fallback: undefined,
    meaning: "the bucket's access key, with `STORAGE_URL` (unset: the AWS SDK's own chain); set both keys or neither",
  }),
  AWS_SECRET_ACCESS_KEY: variable({
    group: 'storage',
    kind: text('text'),
    fallback: undefined,
    meaning: 'its secret key, never printed',
  }),
  MEDIA_REDIRECT: variable({
    group: 'storage',
    kind: oneOf(['proxy', 'presigned']),
    fallback: 'proxy',
    meaning:
      "`proxy`: the server passes a download's bytes on; `presigned`: it redirects to the bucket's short-lived URL (needs `STORAGE_URL`)",
  }),
  MEDIA_OFFLOAD: variable({
    group: 'storage',
    kind: oneOf(['x-accel']),
    fallback: undefined,
    meaning:
      '`x-accel`: behind nginx (deploy/nginx.conf), once the server has checked the ticket it answers `X-Accel-Redirect` and nginx sends the file under MEDIA_DIR itself (not with `STORAGE_URL`); unset: the server sends the bytes',
  }),
  MAX_UPLOAD_BYTES: variable({
    group: 'storage',
    kind: integer(1),
    fallback: 8 * 1024 ** 3,
    meaning: 'the largest upload accepted (8 GiB)',
  }),
  UPLOAD_EXPIRY_SECONDS: variable({
    group: 'storage',
    kind: integer(1, 31_536_000),
    fallback: 86_400,
    meaning: 'how long a resumable upload may stay unfinished before it is removed with its bytes (a day)',
  }),
  STORAGE_USAGE_MAX_AGE_SECONDS: variable({
    group: 'storage',
    kind: integer(0, 86_400),
    fallback: 300,
    meaning:
      "how old the admins' figure of what storage holds may be before it is measured again by listing the store (`0`: on every request)",
  }),

  DOWNLOAD_WAIT_SECONDS: variable({
    group: 'site',
    kind: integer(0, 86_400),
    fallback: 30,
    meaning: 'the wait before a free download, for users who are not VIP',
  }),
  PRICE_REGULAR: variable({
    group: 'site',
    kind: integer(0, INT_MAX),
    fallback: 10,
    meaning: 'coins a paid video costs (once per user and video)',
  }),
  PRICE_VIP: variable({
    group: 'site',
    kind: integer(0, INT_MAX),
    fallback: 5,
    meaning: 'coins a paid video costs a VIP user',
  }),
  VIP_PRICE: variable({
    group: 'site',
    kind: integer(0, INT_MAX),
    fallback: 30,
    meaning: 'coins the VIP membership costs',
  }),
  TICKET_TTL_SECONDS: variable({
    group: 'site',
    kind: integer(1, 31_536_000),
    fallback: 3600,
    meaning: 'how long a download ticket stays valid once its wait is over',
  }),
  TICKET_CHECK_CACHE_MS: variable({
    group: 'site',
    kind: integer(0, 2000),
    fallback: 1000,
    meaning:
      "how long a server process reuses its answer about a ticket for the ticket's further requests (ranges, stream segments), and a file it keeps open for them: a lock or a deletion reaches a ticket already in use within this time, new tickets at once, and a file replaced or removed by hand under MEDIA_DIR is noticed within it (`0`: every request asks the database and looks at the file)",
  }),
  SESSION_TTL_SECONDS: variable({
    group: 'site',
    kind: integer(1, 31_536_000),
    fallback: 1_209_600,
    meaning: 'how long a session lives without use (14 days)',
  }),

  SECRETS_KEY: variable({
    group: 'accounts',
    kind: secretsKey,
    fallback: undefined,
    meaning:
      'the key that encrypts two-factor secrets, e.g. from `openssl rand -base64 32`; the same in every process (unset: the key file), never printed',
  }),
  SECRETS_KEY_FILE: variable({
    group: 'accounts',
    kind: text('a file path'),
    fallback: new Derived('`secrets.key` beside the SQLite file; `./data/secrets.key` with MySQL'),
    meaning: 'without `SECRETS_KEY`: the file that holds the key, made at the first start (mode `0600`)',
  }),
  REQUIRE_ADMIN_TWO_FACTOR: variable({
    group: 'accounts',
    kind: flag,
    fallback: false,
    meaning: 'administrators without two-factor sign-in may do nothing but turn it on',
  }),
  PASSWORD_RESET_TTL_SECONDS: variable({
    group: 'accounts',
    kind: integer(1, 31_536_000),
    fallback: 86_400,
    meaning: "how long an admin's password-reset code stays valid (a day)",
  }),

  ADMIN_NAME: variable({
    group: 'admin',
    kind: text('a user name'),
    fallback: undefined,
    meaning: 'with `ADMIN_PASSWORD`: the administrator made at start when there is none',
  }),
  ADMIN_PASSWORD: variable({
    group: 'admin',
    kind: text('8 to 256 characters'),
    fallback: undefined,
    meaning: "that administrator's password, never printed",
  }),

  LOGIN_FAILURES_PER_NAME: variable({
    group: 'limits',
    kind: integer(1, INT_MAX),
    fallback: 10,
    meaning: 'failed logins of one name before `login` answers `TOO_MANY_REQUESTS`',
  }),
  LOGIN_FAILURES_PER_ADDRESS: variable({
    group: 'limits',
    kind: integer(1, INT_MAX),
    fallback: 100,
    meaning: 'failed logins from one client address before the same',
  }),
  LOGIN_THROTTLE_SECONDS: variable({
    group: 'limits',
    kind: integer(1, 86_400),
    fallback: 900,
    meaning: 'the window over which failed logins count',
  }),
  REGISTRATIONS_PER_ADDRESS: variable({
    group: 'limits',
    kind: integer(1, INT_MAX),
    fallback: 20,
    meaning: 'registrations from one client address before `register` answers `TOO_MANY_REQUESTS`',
  }),
  REGISTRATION_WINDOW_SECONDS: variable({
    group: 'limits',
    kind: integer(1, 86_400),
    fallback: 3600,
    meaning: 'the window over which registrations count',
  }),
  BODY_TIMEOUT_SECONDS: variable({
    group: 'limits',
    kind: integer(1, 3600),
    fallback: 30,
    meaning: "time for a request's headers, and its body unless it is an upload, to arrive",
  }),
  UPLOAD_MIN_BYTES_PER_SECOND: variable({
    group: 'limits',
    kind: integer(1),
    fallback: 16 * 1024,
    meaning: 'the lowest average rate of an upload over each window before it is cut off',
  }),
  UPLOAD_RATE_WINDOW_SECONDS: variable({
    group: 'limits',
    kind: integer(1, 3600),
    fallback: 60,
    meaning: "the window over which an upload's rate is averaged",
  }),
  MAX_CONNECTIONS_PER_ADDRESS: variable({
    group: 'limits',
    kind: integer(0),
    fallback: new Derived('`64`; `0` with `TRUST_PROXY`'),
    meaning: 'connections one client address may hold at once (`0`: no cap)',
  }),

  RUN_JOBS: variable({
    group: 'media',
    kind: flag,
    fallback: true,
    meaning:
      '`false`: this server process runs no background jobs and leaves them to `npm run worker` processes (a worker runs them whatever this says)',
  }),
  RENDITION_HEIGHTS: variable({
    group: 'media',
    kind: heights(32, 4320),
    fallback: [240, 360, 480, 720, 1080],
    meaning:
      "the heights the stream's renditions may have: those up to the video's own, and the video's own when it is lower than the highest",
  }),
  FFPROBE_PATH: variable({
    group: 'media',
    kind: text('a program on `PATH`, or a path'),
    fallback: 'ffprobe',
    meaning: 'the ffprobe that probes uploaded videos',
  }),
  FFMPEG_PATH: variable({
    group: 'media',
    kind: text('a program on `PATH`, or a path'),
    fallback: 'ffmpeg',
    meaning: 'the ffmpeg that makes posters, renditions and previews',
  }),
  MEDIA_TIMEOUT_SECONDS: variable({
    group: 'media',
    kind: integer(1, 86_400),
    fallback: 300,
    meaning:
      'one run of ffprobe or ffmpeg is killed after this long; a transcode or the previews get 10 s more for each second of video',
  }),
  MEDIA_MEMORY_LIMIT_MB: variable({
    group: 'media',
    kind: integer(0, 1_048_576),
    fallback: 1024,
    meaning: 'address space of one run of ffprobe or ffmpeg, through `prlimit` (`0`: no limit)',
  }),
  JOB_CONCURRENCY: variable({
    group: 'media',
    kind: integer(0, 64),
    fallback: 1,
    meaning:
      'background jobs this process runs at once (`0`: none; another process runs them; a worker needs at least 1)',
  }),
  JOB_POLL_MS: variable({
    group: 'media',
    kind: integer(10, 3_600_000),
    fallback: 2000,
    meaning: 'how often an idle worker looks for due jobs, in milliseconds',
  }),
  JOB_LEASE_SECONDS: variable({
    group: 'media',
    kind: integer(1, 86_400),
    fallback: 60,
    meaning:
      "how long a claimed job stays its worker's without a renewal: a running job renews it every third of this, and a worker that dies loses its jobs to another within this long",
  }),
  JOB_MAX_ATTEMPTS: variable({
    group: 'media',
    kind: integer(1, 100),
    fallback: 5,
    meaning: 'failed attempts after which a job is kept as failed and not run again',
  }),
  JOB_RETRY_SECONDS: variable({
    group: 'media',
    kind: integer(1, 86_400),
    fallback: 30,
    meaning: 'the wait before the first retry of a failed job; each further one waits twice as long',
  }),

  LOG_LEVEL: variable({
    group: 'observability',
    kind: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    fallback: 'info',
    meaning: 'the least severe level logged (`debug` adds request headers, credentials redacted)',
  }),
  LOG_FORMAT: variable({
    group: 'observability',
    kind: oneOf(['json', 'pretty']),
    fallback: 'json',
    meaning: '`json`: one JSON line per event on stdout; `pretty`: coloured lines for a person',
  }),
  METRICS: variable({
    group: 'observability',
    kind: addressRule,
    fallback: ['loopback'],
    meaning: 'who may read `GET /metrics`: `off` (it answers `404`), `on` (anyone), or these addresses',
  }),
};

export type VariableName = keyof typeof VARIABLES;
