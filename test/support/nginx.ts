import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { renderNginxConf, type NginxValues } from '../../deploy/render-nginx.js';
import { freePort } from './free-port.js';

const NGINX = '/usr/sbin/nginx';

/** Whether Debian's nginx is here; with CI=true its absence is a failure, otherwise a skip that says so. */
export function nginxAvailable(): boolean {
  if (existsSync(NGINX)) return true;
  if (process.env.CI === 'true')
    throw new Error(`CI=true but there is no nginx at ${NGINX} (apt-get install nginx-light)`);
  console.warn(`SKIPPED: the nginx test needs Debian's nginx at ${NGINX} (apt-get install -y nginx-light).`);
  return false;
}

export interface Nginx {
  url: string;
  /** nginx's error log so far. */
  errors(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The main configuration of an instance that keeps everything in `dir` (pid, logs, temporary
 * bodies), around deploy/nginx.conf rendered with `values`, as Debian's nginx.conf includes it.
 */
function mainConf(dir: string, site: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${dir}/${kind};`);
  return [
    // As root, workers would run as nobody, who cannot read the test's folders.
    ...(process.getuid?.() === 0 ? [`user ${userInfo().username};`] : []),
    'worker_processes 1;',
    `error_log ${dir}/error.log info;`,
    'events { worker_connections 256; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    `  access_log ${dir}/access.log;`,
    ...temp.map((line) => `  ${line}`),
    `  include ${site};`,
    '}',
  ].join('\n');
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx in the foreground on a free loopback port, as an instance of its own. */
export async function startNginx(values: Omit<NginxValues, 'listen' | 'serverName'>): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'youku-nginx-'));
  const port = await freePort();
  const site = join(dir, 'youku.conf');
  await writeFile(site, renderNginxConf({ ...values, listen: `127.0.0.1:${port}`, serverName: 'localhost' }));
  await writeFile(join(dir, 'nginx.conf'), mainConf(dir, site));
  await mkdir(join(dir, 'logs'));
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  const tested = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  if (tested.status !== 0) throw new Error(`nginx -t refused the configuration:\n${tested.stderr}`);
  const child = spawn(NGINX, [...args, '-g', `daemon off; pid ${dir}/nginx.pid;`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const errors = () => readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
  while (!(await listening(port))) {
    if (child.exitCode !== null) throw new Error(`nginx exited at start:\n${await errors()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    errors,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
