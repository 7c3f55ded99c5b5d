import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename, join } from 'node:path';
import { renderNginxConf } from '../deploy/render-nginx.js';
import { freePort } from '../test/support/free-port.js';

/** A server of one file at `url`, for the media figures' baselines. */
export interface FileServer {
  url: string;
  /** What serves it, for the figure's baseline. */
  what: string;
  /** Said on the figure's line when nginx was not there. */
  note?: string;
  stop(): Promise<void>;
}

export function nginxBinary(): string | undefined {
  for (const path of [process.env.BENCH_NGINX, '/usr/sbin/nginx', '/usr/local/sbin/nginx']) {
    if (path && spawnSync(path, ['-v']).status === 0) return path;
  }
  return undefined;
}

/** Debian's defaults where they matter (sendfile on, tcp_nopush off, workers per core), logs off; `servers` inside `http`. */
function nginxConfig(prefix: string, servers: string): string {
  return `
worker_processes auto;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  default_type application/octet-stream;
${servers}
}
`;
}

/** nginx serving one file at `/file`. */
function fileSite(port: number, file: string): string {
  return `server {
    listen 127.0.0.1:${port};
    location = /file { alias ${file}; }
  }`;
}

async function waitForAnswer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(url, { method: 'HEAD' }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing answered at ${url}`);
}

/** nginx with `site` (its port: `port`), answering at `probe` before this resolves; `stop` ends it. */
async function runNginx(binary: string, prefix: string, site: string, probe: string): Promise<() => Promise<void>> {
  await mkdir(prefix, { recursive: true });
  const config = join(prefix, 'nginx.conf');
  await writeFile(config, nginxConfig(prefix, site));
  const child = spawn(binary, ['-p', prefix, '-c', config, '-e', join(prefix, 'error.log')], { stdio: 'inherit' });
  await waitForAnswer(probe);
  return async () => {
    child.kill('SIGQUIT');
    await new Promise((resolve) => child.once('exit', resolve));
  };
}

async function startNginx(binary: string, prefix: string, file: string): Promise<FileServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/file`;
  const stop = await runNginx(binary, prefix, fileSite(port, file), url);
  return { url, what: 'nginx (sendfile on)', stop };
}

/**
 * nginx as deploy/nginx.conf sets it up, in front of the server at `upstream` (HOST:PORT) that runs
 * with MEDIA_OFFLOAD=x-accel over `mediaDir`; the same main configuration as the baseline's.
 * Resolves with its origin once `probe` (a path) answers through it.
 */
export async function startOffloadingNginx(
  binary: string,
  prefix: string,
  upstream: string,
  mediaDir: string,
  probe: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const site = renderNginxConf({
    listen: `127.0.0.1:${port}`,
    serverName: 'localhost',
    upstreams: [upstream, upstream],
    webRoot: prefix,
    maxUploadBytes: 1024 ** 3,
    mediaDir,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = await runNginx(binary, prefix, site, `${url}${probe}`);
  return { url, stop };
}

/** The single range `bytes=a-b` a baseline needs (the bench sends nothing else). */
function rangeOf(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const match = header ? /^bytes=(\d+)-(\d*)$/.exec(header) : null;
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Math.min(match[2] ? Number(match[2]) : size - 1, size - 1);
  return start <= end ? { start, end } : undefined;
}

/** The stand-in for nginx: Node's `http` and `fs.createReadStream`, nothing else. */
async function startNodeFileServer(file: string): Promise<FileServer> {
  const { size } = statSync(file);
  const server = createServer((req, res) => {
    const range = rangeOf(req.headers.range, size);
    if (range) {
      res.writeHead(206, {
        'content-length': range.end - range.start + 1,
        'content-range': `bytes ${range.start}-${range.end}/${size}`,
      });
    } else res.writeHead(200, { 'content-length': size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file, range ?? {}).pipe(res);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/${basename(file)}`,
    what: 'Node http + fs.createReadStream',
    note: 'no nginx here: the baseline is Node http + fs.createReadStream',
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * nginx serving `file` when it is installed (BENCH_NGINX names another binary), with its
 * configuration, logs and temporary files in `prefix`; else Node's own.
 */
export async function startFileServer(file: string, prefix: string): Promise<FileServer> {
  const binary = nginxBinary();
  if (!binary) return startNodeFileServer(file);
  return startNginx(binary, prefix, file);
}
