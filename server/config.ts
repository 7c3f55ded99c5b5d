import { isIP } from 'node:net';
import proxyAddr from 'proxy-addr';
import { parseDatabaseUrl } from '../db/connection.js';
import { systemClock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import type { WorkerOptions } from '../domain/jobs.js';
import type { MediaToolSettings } from '../domain/media/tools.js';
import { normaliseUserName } from '../domain/names.js';
import { validatePassword } from '../domain/passwords.js';
import type { S3Location } from '../domain/storage/s3-client.js';
import type { DomainSettings } from '../domain/settings.js';
import type { LogFormat } from './logger.js';

/** What one client may hold of the server (server/slow-clients.ts, server/connection-cap.ts). */
export interface ClientLimits {
  bodyTimeoutSeconds: number;
  uploadMinBytesPerSecond: number;
  uploadRateWindowSeconds: number;
  /** 0: no cap. */
  maxConnectionsPerAddress: number;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** How long a request waits on the database (a connection, a query) before it fails. */
  databaseTimeoutSeconds: number;
  mediaDir: string;
  storageUrl: string | undefined;
  /** The bucket STORAGE_URL names, with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; unset: files under MEDIA_DIR. */
  s3: S3Location | undefined;
  /** How long an unfinished resumable upload is kept before it is removed with its bytes. */
  uploadExpirySeconds: number;
  graphiql: boolean;
  cookieSecure: boolean;
  /** Whose X-Forwarded-* and X-Request-Id headers count: every hop, none, or these addresses. */
  trustProxy: AddressRule;
  /** The origin clients reach the server at, for absolute links; unset: each request's own. */
  publicUrl: string | undefined;
  logLevel: string;
  logFormat: LogFormat;
  /** How long requests in flight may take to finish once the server was told to stop. */
  shutdownGraceSeconds: number;
  /** Other origins whose pages may call the API with credentials; empty: same origin only. */
  corsOrigins: string[];
  clients: ClientLimits;
  media: MediaToolSettings;
  jobs: WorkerOptions;
  settings: DomainSettings;
  /** Who may read `GET /metrics`: anyone, no one (it answers 404), or clients at these addresses. */
  metrics: AddressRule;
  /** How long a starting process waits while another one migrates the database. */
  migrationWaitSeconds: number;
  /** How `/media/:ticket` hands out the bytes. */
  mediaRedirect: MediaRedirect;
  /** ADMIN_NAME and ADMIN_PASSWORD: the administrator made at start when the server has none yet. */
  firstAdmin: FirstAdminCredentials | undefined;
}

/** true: any address; false: none; a list: addresses, CIDR ranges and `loopback`, `linklocal`, `uniquelocal`. */
export type AddressRule = boolean | string[];

/** `proxy`: this server passes the bytes through; `presigned`: a redirect to a short-lived URL of the store. */
export type MediaRedirect = 'proxy' | 'presigned';

export interface FirstAdminCredentials {
  name: string;
  password: string;
}

/** A configuration value that cannot be used; its message names the variable (and the value, unless `raw` is a secret). */
export class ConfigError extends Error {
  constructor(variable: string, problem: string, raw: string | { secret: true }) {
    const got = typeof raw === 'string' ? ` (got ${JSON.stringify(withoutPassword(raw))})` : '';
    super(`${variable} ${problem}${got}`);
    this.name = 'ConfigError';
  }
}

/** What may stand between `scheme://user:` and the last `@` of a text that is no valid URL. */
const LOOSE_PASSWORD = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:@/]*:).*@/s;

/**
 * A value as it may be shown: the password of a URL (DATABASE_URL, STORAGE_URL) replaced by `***`,
 * also in a text that does not parse as a URL (a bad port, a stray space).
 */
export function withoutPassword(raw: string): string {
  if (!URL.canParse(raw)) return raw.replace(LOOSE_PASSWORD, '$1***@');
  const url = new URL(raw);
  if (!url.password) return raw;
  url.password = '***';
  return url.toString();
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function oneOf(env: Env, name: string, values: string[], fallback: string): string {
  const raw = text(env, name, fallback);
  if (!values.includes(raw)) throw new ConfigError(name, `must be one of ${values.join(', ')}`, raw);
  return raw;
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`, raw);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, 'must be true or false', raw);
}

function databaseUrl(env: Env): string {
  const url = text(env, 'DATABASE_URL', 'sqlite:./data/app.db');
  try {
    parseDatabaseUrl(url);
  } catch (err) {
    throw new ConfigError('DATABASE_URL', `cannot be used: ${(err as Error).message}`, url);
  }
  return url;
}

/** An address or a host name to listen on; whether it resolves is for listen() to say. */
function host(env: Env): string {
  const raw = text(env, 'HOST', '127.0.0.1');
  const name = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
  if (!isIP(raw) && !name.test(raw)) {
    throw new ConfigError('HOST', 'must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0', raw);
  }
  return raw;
}

/** An http(s) origin, without a trailing slash: ticket URLs append their path to it. */
function publicUrl(env: Env): string | undefined {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === '') return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  const extras = url && (url.username || url.password || url.pathname !== '/' || url.search || url.hash);
  if (!url || !/^https?:$/.test(url.protocol) || extras) {
    throw new ConfigError('PUBLIC_URL', 'must be an http(s) origin such as https://video.example.com (no path)', raw);
  }
  return url.origin;
}

/** An origin exactly as a browser sends it: scheme, lower-case host, a port unless the default; no path. */
function isOrigin(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
}

function origins(env: Env, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  const listed = raw.split(',').map((origin) => origin.trim());
  if (!listed.every(isOrigin)) {
    throw new ConfigError(name, 'must list origins such as https://app.example.com, separated by commas', raw);
  }
  return listed;
}

const INT_MAX = 2_147_483_647;

function clientLimits(env: Env, trustProxy: AddressRule): ClientLimits {
  return {
    bodyTimeoutSeconds: integer(env, 'BODY_TIMEOUT_SECONDS', 30, 1, 3600),
    uploadMinBytesPerSecond: integer(env, 'UPLOAD_MIN_BYTES_PER_SECOND', 16 * 1024, 1),
    uploadRateWindowSeconds: integer(env, 'UPLOAD_RATE_WINDOW_SECONDS', 60, 1, 3600),
    // Behind a reverse proxy every connection comes from the proxy's address.
    maxConnectionsPerAddress: integer(env, 'MAX_CONNECTIONS_PER_ADDRESS', trustProxy === false ? 64 : 0, 0),
  };
}

function mediaTools(env: Env): MediaToolSettings {
  return {
    ffprobePath: text(env, 'FFPROBE_PATH', 'ffprobe'),
    ffmpegPath: text(env, 'FFMPEG_PATH', 'ffmpeg'),
    timeoutSeconds: integer(env, 'MEDIA_TIMEOUT_SECONDS', 300, 1, 86_400),
    memoryLimitMb: integer(env, 'MEDIA_MEMORY_LIMIT_MB', 1024, 0, 1_048_576),
  };
}

/** The job worker's pace; a lease outlasts the longest run of a tool, so no job runs twice at once. */
function jobOptions(env: Env, media: MediaToolSettings): WorkerOptions {
  const leaseMs = integer(env, 'JOB_LEASE_SECONDS', media.timeoutSeconds + 60, 1, 86_400) * 1000;
  if (leaseMs <= media.timeoutSeconds * 1000) {
    throw new ConfigError('JOB_LEASE_SECONDS', 'must be longer than MEDIA_TIMEOUT_SECONDS', String(leaseMs / 1000));
  }
  return {
    concurrency: integer(env, 'JOB_CONCURRENCY', 1, 0, 64),
    pollMs: integer(env, 'JOB_POLL_MS', 2000, 10, 3_600_000),
    leaseMs,
    maxAttempts: integer(env, 'JOB_MAX_ATTEMPTS', 5, 1, 100),
    retryBaseMs: integer(env, 'JOB_RETRY_SECONDS', 30, 1, 86_400) * 1000,
  };
}

// S3-compatible object storage (STORAGE_URL and the AWS credentials).

/** S3's rule for bucket names: 3 to 63 lower-case letters, digits, dots and hyphens. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_OPTIONS = new Set(['endpoint', 'region', 'forcePathStyle']);

function s3Credentials(env: Env): S3Location['credentials'] {
  const accessKeyId = env.AWS_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY || undefined;
  if (!accessKeyId && !secretAccessKey) return undefined;
  // The secret itself is never shown.
  if (!accessKeyId) throw new ConfigError('AWS_ACCESS_KEY_ID', 'must be set with AWS_SECRET_ACCESS_KEY', '');
  if (!secretAccessKey) throw new ConfigError('AWS_SECRET_ACCESS_KEY', 'must be set with AWS_ACCESS_KEY_ID', '');
  return { accessKeyId, secretAccessKey };
}

/** `s3://BUCKET?endpoint=URL&region=REGION&forcePathStyle=true`, or undefined when STORAGE_URL is unset. */
function s3Location(env: Env): S3Location | undefined {
  const raw = env.STORAGE_URL;
  if (raw === undefined || raw === '') return undefined;
  const fail = (problem: string): never => {
    throw new ConfigError('STORAGE_URL', problem, raw);
  };
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || url.protocol !== 's3:') return fail('must look like s3://BUCKET?endpoint=URL&region=REGION');
  if (url.username || url.password || (url.pathname !== '' && url.pathname !== '/') || url.hash) {
    return fail(
      'must name only a bucket, with options after ?; credentials go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  }
  if (!BUCKET.test(url.hostname))
    return fail('must name a bucket of 3 to 63 lower-case letters, digits, dots and hyphens');
  for (const name of url.searchParams.keys()) {
    if (!S3_OPTIONS.has(name)) fail(`has an unknown option ${name} (known: ${[...S3_OPTIONS].join(', ')})`);
  }
  const endpoint = url.searchParams.get('endpoint') || undefined;
  if (endpoint && !(URL.canParse(endpoint) && /^https?:$/.test(new URL(endpoint).protocol))) {
    fail('endpoint must be an http(s) URL such as http://127.0.0.1:8080');
  }
  const region = url.searchParams.get('region') || 'us-east-1';
  if (!/^[a-z0-9-]+$/.test(region)) fail('region must be a region name such as us-east-1');
  const pathStyle = url.searchParams.get('forcePathStyle') ?? 'false';
  if (!/^(true|false)$/.test(pathStyle)) fail('forcePathStyle must be true or false');
  return {
    bucket: url.hostname,
    endpoint,
    region,
    forcePathStyle: pathStyle === 'true',
    credentials: s3Credentials(env),
  };
}

/**
 * Loopback only: the person at this machine registers the first account, which becomes the admin.
 * Anything else (or a reverse proxy in front, TRUST_PROXY) lets strangers be first, so the first
 * account needs the setup code printed at start.
 */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The problem of a name or password as the domain words it, with a lower-case start to follow the variable. */
function problemOf(err: unknown): string {
  if (!(err instanceof AppError)) throw err;
  return `is not usable: ${err.message.charAt(0).toLowerCase()}${err.message.slice(1)}`;
}

/** Both variables or neither; the name and the password follow the rules of registration. */
function firstAdmin(env: Env): FirstAdminCredentials | undefined {
  const name = text(env, 'ADMIN_NAME', '');
  const password = env.ADMIN_PASSWORD ?? '';
  if (!name && !password) return undefined;
  if (!password) throw new ConfigError('ADMIN_PASSWORD', 'must be set when ADMIN_NAME is', { secret: true });
  if (!name) throw new ConfigError('ADMIN_NAME', 'must be set when ADMIN_PASSWORD is', name);
  try {
    normaliseUserName(name);
  } catch (err) {
    throw new ConfigError('ADMIN_NAME', problemOf(err), name);
  }
  try {
    validatePassword(password);
  } catch (err) {
    throw new ConfigError('ADMIN_PASSWORD', problemOf(err), { secret: true });
  }
  // Not enumerable: a dump of the configuration (JSON, console.log) leaves it out.
  return Object.defineProperty({ name } as FirstAdminCredentials, 'password', { value: password, enumerable: false });
}

/** Reads and checks the environment once, at start (the README's "Configuration"). */
export function readConfig(env: Env = process.env): Config {
  const trustProxy = addressRule(env, 'TRUST_PROXY', false);
  const media = mediaTools(env);
  const listenOn = host(env);
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: listenOn,
    databaseUrl: databaseUrl(env),
    databaseTimeoutSeconds: integer(env, 'DATABASE_TIMEOUT_SECONDS', 10, 1, 3600),
    mediaDir: text(env, 'MEDIA_DIR', './data/media'),
    storageUrl: env.STORAGE_URL || undefined,
    s3: s3Location(env),
    uploadExpirySeconds: integer(env, 'UPLOAD_EXPIRY_SECONDS', 86_400, 1, 31_536_000),
    graphiql: flag(env, 'GRAPHIQL', true),
    cookieSecure: flag(env, 'COOKIE_SECURE', false),
    trustProxy,
    publicUrl: publicUrl(env),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'pretty'], 'json') as LogFormat,
    shutdownGraceSeconds: integer(env, 'SHUTDOWN_GRACE_SECONDS', 10, 0, 3600),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    clients: clientLimits(env, trustProxy),
    media,
    jobs: jobOptions(env, media),
    settings: {
      downloadWaitSeconds: integer(env, 'DOWNLOAD_WAIT_SECONDS', 30, 0, 86_400),
      priceRegular: integer(env, 'PRICE_REGULAR', 10, 0, INT_MAX),
      priceVip: integer(env, 'PRICE_VIP', 5, 0, INT_MAX),
      vipPrice: integer(env, 'VIP_PRICE', 30, 0, INT_MAX),
      maxUploadBytes: integer(env, 'MAX_UPLOAD_BYTES', 8 * 1024 ** 3, 1),
      ticketTtlSeconds: integer(env, 'TICKET_TTL_SECONDS', 3600, 1, 31_536_000),
      sessionTtlSeconds: integer(env, 'SESSION_TTL_SECONDS', 1_209_600, 1, 31_536_000),
      loginFailuresPerName: integer(env, 'LOGIN_FAILURES_PER_NAME', 10, 1, INT_MAX),
      loginFailuresPerAddress: integer(env, 'LOGIN_FAILURES_PER_ADDRESS', 100, 1, INT_MAX),
      loginThrottleSeconds: integer(env, 'LOGIN_THROTTLE_SECONDS', 900, 1, 86_400),
      registrationsPerAddress: integer(env, 'REGISTRATIONS_PER_ADDRESS', 20, 1, INT_MAX),
      registrationWindowSeconds: integer(env, 'REGISTRATION_WINDOW_SECONDS', 3600, 1, 86_400),
      clock: systemClock,
      setupCodeRequired: !isLoopback(listenOn) || trustProxy !== false,
    },
    firstAdmin: firstAdmin(env),
    ...operations(env),
    // Several processes on one database.
    migrationWaitSeconds: integer(env, 'MIGRATION_WAIT_SECONDS', 300, 1, 86_400),
    // How media is handed out.
    mediaRedirect: oneOf(env, 'MEDIA_REDIRECT', ['proxy', 'presigned'], 'proxy') as MediaRedirect,
  };
}

// Operations: who may read /metrics, whose forwarded headers count.

/** A flag (true: any address, false: none) or addresses and CIDR ranges separated by commas. */
function addressRule(env: Env, name: string, fallback: AddressRule): AddressRule {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw.trim())) return true;
  if (/^(0|false|no|off)$/i.test(raw.trim())) return false;
  const listed = raw.split(',').map((address) => address.trim());
  try {
    // proxy-addr is what Express parses `trust proxy` with: a value it takes here, it takes there.
    proxyAddr.compile(listed);
  } catch {
    throw new ConfigError(
      name,
      'must be true, false, or addresses and CIDR ranges such as loopback,10.0.0.0/8, separated by commas',
      raw,
    );
  }
  return listed;
}

function operations(env: Env): Pick<Config, 'metrics'> {
  return { metrics: addressRule(env, 'METRICS', ['loopback']) };
}
