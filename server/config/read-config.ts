import { systemClock } from '../../domain/core/clock.js';
import type { WorkerOptions } from '../../domain/jobs/job-worker.js';
import type { MediaToolSettings } from '../../domain/media/tools.js';
import type { S3Location } from '../../domain/storage/s3-client.js';
import { defaultKeyFile } from '../secrets-key.js';
import { firstAdmin } from './admin-credentials.js';
import { ConfigError } from './config-error.js';
import type { Config, Env } from './config.js';
import { Derived, VARIABLES, type Variable, type VariableName } from './variables.js';

type Table = typeof VARIABLES;

/** The value a variable reads as: its kind's, or undefined when it has no default. */
type ValueOf<N extends VariableName> =
  Table[N] extends Variable<infer T, infer F> ? ([F] extends [undefined] ? T | undefined : T) : never;

/** A variable whose default follows other settings takes that default from the caller. */
type DerivedDefault<N extends VariableName> =
  Table[N] extends Variable<infer T, infer F> ? ([F] extends [Derived] ? [fallback: T] : []) : never;

/** One variable of the table, parsed by its kind; unset (or empty) gives its default. */
function read<N extends VariableName>(env: Env, name: N, ...derived: DerivedDefault<N>): ValueOf<N> {
  const { kind, fallback } = VARIABLES[name] as Variable<unknown>;
  const raw = env[name];
  const unset = raw === undefined || (kind.blankIsUnset ? raw.trim() === '' : raw === '');
  if (!unset) return kind.parse(raw, name) as ValueOf<N>;
  return (fallback instanceof Derived ? (derived as unknown[])[0] : fallback) as ValueOf<N>;
}

/** Both keys or neither; only with STORAGE_URL, so stray keys in an environment without it are ignored. */
function s3Credentials(env: Env): S3Location['credentials'] {
  const accessKeyId = read(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = read(env, 'AWS_SECRET_ACCESS_KEY');
  if (!accessKeyId && !secretAccessKey) return undefined;
  // The secret itself is never shown.
  if (!accessKeyId) throw new ConfigError('AWS_ACCESS_KEY_ID', 'must be set with AWS_SECRET_ACCESS_KEY', '');
  if (!secretAccessKey) throw new ConfigError('AWS_SECRET_ACCESS_KEY', 'must be set with AWS_ACCESS_KEY_ID', '');
  return { accessKeyId, secretAccessKey };
}

function s3Location(env: Env): S3Location | undefined {
  const bucket = read(env, 'STORAGE_URL');
  return bucket && { ...bucket, credentials: s3Credentials(env) };
}

function mediaTools(env: Env): MediaToolSettings {
  return {
    ffprobePath: read(env, 'FFPROBE_PATH'),
    ffmpegPath: read(env, 'FFMPEG_PATH'),
    timeoutSeconds: read(env, 'MEDIA_TIMEOUT_SECONDS'),
    memoryLimitMb: read(env, 'MEDIA_MEMORY_LIMIT_MB'),
  };
}

/** The job worker's pace. A running job renews its lease, so the lease need not outlast any run of a tool. */
function jobOptions(env: Env): WorkerOptions {
  return {
    concurrency: read(env, 'JOB_CONCURRENCY'),
    pollMs: read(env, 'JOB_POLL_MS'),
    leaseMs: read(env, 'JOB_LEASE_SECONDS') * 1000,
    maxAttempts: read(env, 'JOB_MAX_ATTEMPTS'),
    retryBaseMs: read(env, 'JOB_RETRY_SECONDS') * 1000,
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

/** Reads and checks the environment once, at start (docs/configuration.md). */
export function readConfig(env: Env = process.env): Config {
  const trustProxy = read(env, 'TRUST_PROXY');
  const media = mediaTools(env);
  const host = read(env, 'HOST');
  const databaseUrl = read(env, 'DATABASE_URL');
  return {
    port: read(env, 'PORT'),
    host,
    databaseUrl,
    databaseTimeoutSeconds: read(env, 'DATABASE_TIMEOUT_SECONDS'),
    mediaDir: read(env, 'MEDIA_DIR'),
    storageUrl: env.STORAGE_URL || undefined,
    s3: s3Location(env),
    uploadExpirySeconds: read(env, 'UPLOAD_EXPIRY_SECONDS'),
    graphiql: read(env, 'GRAPHIQL'),
    cookieSecure: read(env, 'COOKIE_SECURE'),
    trustProxy,
    publicUrl: read(env, 'PUBLIC_URL'),
    logLevel: read(env, 'LOG_LEVEL'),
    logFormat: read(env, 'LOG_FORMAT'),
    shutdownGraceSeconds: read(env, 'SHUTDOWN_GRACE_SECONDS'),
    corsOrigins: read(env, 'CORS_ORIGINS'),
    clients: {
      bodyTimeoutSeconds: read(env, 'BODY_TIMEOUT_SECONDS'),
      uploadMinBytesPerSecond: read(env, 'UPLOAD_MIN_BYTES_PER_SECOND'),
      uploadRateWindowSeconds: read(env, 'UPLOAD_RATE_WINDOW_SECONDS'),
      // Behind a reverse proxy every connection comes from the proxy's address.
      maxConnectionsPerAddress: read(env, 'MAX_CONNECTIONS_PER_ADDRESS', trustProxy === false ? 64 : 0),
    },
    media,
    jobs: jobOptions(env),
    runJobs: read(env, 'RUN_JOBS'),
    renditionHeights: read(env, 'RENDITION_HEIGHTS'),
    settings: {
      downloadWaitSeconds: read(env, 'DOWNLOAD_WAIT_SECONDS'),
      priceRegular: read(env, 'PRICE_REGULAR'),
      priceVip: read(env, 'PRICE_VIP'),
      vipPrice: read(env, 'VIP_PRICE'),
      maxUploadBytes: read(env, 'MAX_UPLOAD_BYTES'),
      ticketTtlSeconds: read(env, 'TICKET_TTL_SECONDS'),
      sessionTtlSeconds: read(env, 'SESSION_TTL_SECONDS'),
      loginFailuresPerName: read(env, 'LOGIN_FAILURES_PER_NAME'),
      loginFailuresPerAddress: read(env, 'LOGIN_FAILURES_PER_ADDRESS'),
      loginThrottleSeconds: read(env, 'LOGIN_THROTTLE_SECONDS'),
      registrationsPerAddress: read(env, 'REGISTRATIONS_PER_ADDRESS'),
      registrationWindowSeconds: read(env, 'REGISTRATION_WINDOW_SECONDS'),
      storageUsageMaxAgeSeconds: read(env, 'STORAGE_USAGE_MAX_AGE_SECONDS'),
      requireAdminTwoFactor: read(env, 'REQUIRE_ADMIN_TWO_FACTOR'),
      passwordResetTtlSeconds: read(env, 'PASSWORD_RESET_TTL_SECONDS'),
      clock: systemClock,
      setupCodeRequired: !isLoopback(host) || trustProxy !== false,
    },
    firstAdmin: firstAdmin(read(env, 'ADMIN_NAME'), read(env, 'ADMIN_PASSWORD')),
    metrics: read(env, 'METRICS'),
    migrationWaitSeconds: read(env, 'MIGRATION_WAIT_SECONDS'),
    ticketCheckCacheMs: read(env, 'TICKET_CHECK_CACHE_MS'),
    mediaRedirect: read(env, 'MEDIA_REDIRECT'),
    mediaOffload: read(env, 'MEDIA_OFFLOAD'),
    secrets: {
      key: read(env, 'SECRETS_KEY'),
      keyFile: read(env, 'SECRETS_KEY_FILE', defaultKeyFile(databaseUrl)),
    },
  };
}
