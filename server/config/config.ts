import type { WorkerOptions } from '../../domain/jobs/job-worker.js';
import type { MediaToolSettings } from '../../domain/media/tools.js';
import type { S3Location } from '../../domain/storage/s3-client.js';
import type { DomainSettings } from '../../domain/core/settings.js';
import type { LogFormat } from '../observability/logger.js';

/** The environment the configuration is read from. */
export type Env = Record<string, string | undefined>;

/** What one client may hold of the server (server/limits/slow-clients.ts, server/limits/connection-cap.ts). */
export interface ClientLimits {
  bodyTimeoutSeconds: number;
  uploadMinBytesPerSecond: number;
  uploadRateWindowSeconds: number;
  /** 0: no cap. */
  maxConnectionsPerAddress: number;
}

/** The server's settings, read once at start from the variables of `variables.ts`. */
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
  /** Whether a server process runs background jobs too (a worker process always does). */
  runJobs: boolean;
  /** The heights a stream's renditions may have, lowest first. */
  renditionHeights: number[];
  settings: DomainSettings;
  /** Who may read `GET /metrics`: anyone, no one (it answers 404), or clients at these addresses. */
  metrics: AddressRule;
  /** How long a starting process waits while another one migrates the database. */
  migrationWaitSeconds: number;
  /** How long a process reuses its answer about a ticket (domain/commerce/tickets.ts). */
  ticketCheckCacheMs: number;
  /** How `/media/:ticket` hands out the bytes. */
  mediaRedirect: MediaRedirect;
  /** `x-accel`: nginx in front sends the bytes of local files once the server said which (X-Accel-Redirect). */
  mediaOffload: MediaOffload | undefined;
  /** ADMIN_NAME and ADMIN_PASSWORD: the administrator made at start when the server has none yet. */
  firstAdmin: FirstAdminCredentials | undefined;
  /** Where the key that seals two-factor secrets comes from. */
  secrets: SecretsKeySource;
}

/** SECRETS_KEY when it is set; else the key file, made at the first start. */
export interface SecretsKeySource {
  key: Buffer | undefined;
  keyFile: string;
}

/** true: any address; false: none; a list: addresses, CIDR ranges and `loopback`, `linklocal`, `uniquelocal`. */
export type AddressRule = boolean | string[];

/** `proxy`: this server passes the bytes through; `presigned`: a redirect to a short-lived URL of the store. */
export type MediaRedirect = 'proxy' | 'presigned';

/** Who sends the bytes of a local file the server chose: nginx, through `X-Accel-Redirect`. */
export type MediaOffload = 'x-accel';

export interface FirstAdminCredentials {
  name: string;
  password: string;
}
