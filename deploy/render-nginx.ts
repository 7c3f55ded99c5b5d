import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { MEDIA_FILES_PATH, ROUTES } from '../domain/core/routes.js';
import { ConfigError } from '../server/config/config-error.js';
import { readConfig } from '../server/config/read-config.js';

/** The template: deploy/nginx.conf, with the values an operator changes in {{…}}. */
const TEMPLATE = fileURLToPath(new URL('nginx.conf', import.meta.url));

/** Room for the multipart framing around the file (the operations JSON, boundaries, part headers). */
const FRAMING_BYTES = 1024 * 1024;

export interface NginxValues {
  /** What nginx listens on: a port, or address:port. */
  listen: string;
  serverName: string;
  /** The two server processes, as HOST:PORT. */
  upstreams: [string, string];
  /** The built web client's folder (dist/web). */
  webRoot: string;
  /** The servers' MAX_UPLOAD_BYTES. */
  maxUploadBytes: number;
  /** The servers' MEDIA_DIR, which nginx reads with MEDIA_OFFLOAD=x-accel. */
  mediaDir: string;
}

/** The API's paths as placeholders: `{{GRAPHQL_PATH}}` is `/graphql`. */
const PATHS = Object.fromEntries(Object.entries(ROUTES).map(([name, path]) => [`${name.toUpperCase()}_PATH`, path]));

/** The configuration with every placeholder filled; nginx's body limit follows MAX_UPLOAD_BYTES. */
export function renderNginxConf(values: NginxValues): string {
  const filled: Record<string, string> = {
    ...PATHS,
    LISTEN: values.listen,
    SERVER_NAME: values.serverName,
    UPSTREAM_1: values.upstreams[0],
    UPSTREAM_2: values.upstreams[1],
    WEB_ROOT: resolve(values.webRoot),
    CLIENT_MAX_BODY_SIZE: String(values.maxUploadBytes + FRAMING_BYTES),
    MEDIA_FILES_PATH,
    MEDIA_DIR: resolve(values.mediaDir),
  };
  return readFileSync(TEMPLATE, 'utf8').replace(/\{\{([A-Z_0-9]+)\}\}/g, (_match, name: string) => {
    const value = filled[name];
    if (value === undefined) throw new Error(`deploy/nginx.conf names an unknown placeholder {{${name}}}`);
    return value;
  });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string', default: '80' },
      'server-name': { type: 'string', default: '_' },
      upstream: { type: 'string', multiple: true, default: ['127.0.0.1:4001', '127.0.0.1:4002'] },
      'web-root': { type: 'string', default: 'dist/web' },
    },
  });
  if (values.upstream.length !== 2) {
    console.error('render-nginx: give --upstream twice (add further `server` lines by hand)');
    process.exit(2);
  }
  try {
    const config = readConfig();
    process.stdout.write(
      renderNginxConf({
        listen: values.listen,
        serverName: values['server-name'],
        upstreams: [values.upstream[0]!, values.upstream[1]!],
        webRoot: values['web-root'],
        maxUploadBytes: config.settings.maxUploadBytes,
        mediaDir: config.mediaDir,
      }),
    );
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`configuration error: ${err.message}`);
    process.exit(2);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
