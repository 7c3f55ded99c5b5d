import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtClientIsCurrent } from '../cli/built-client.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A build: whether what it made is there and current, and how to make it. */
interface Build {
  name: string;
  isCurrent(): boolean;
  build(): Promise<void>;
}

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

function builtAt(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** Current when `built`, the file whose time says when it was last made, is newer than every source. */
function newerThan(sources: string[], built: string): () => boolean {
  return () => {
    const at = builtAt(join(ROOT, built));
    return at !== null && at >= Math.max(...sources.map((source) => newestChange(join(ROOT, source))));
  };
}

/**
 * Runs `work` with NODE_ENV=production. Vite bundles React's development build when NODE_ENV says
 * otherwise, and Vitest sets it to `test`: the tests would serve a client other than the one shipped.
 */
async function asProduction<T>(work: () => Promise<T>): Promise<T> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await work();
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

const BUILDS: Build[] = [
  {
    name: 'the web client into dist/web',
    isCurrent: newerThan(
      [
        'web/src',
        'web/public',
        'web/index.html',
        'web/vite.config.ts',
        'web/precompress.ts',
        'web/first-load-budget.ts',
        // The client bundles pure modules of the domain (the fingerprint, error codes, name rules)
        // and what it shares with the CLI (client-transport/: headers, tus uploads).
        'domain',
        'client-transport',
        'package-lock.json',
      ],
      'dist/web/index.html',
    ),
    async build() {
      // Imported only when needed: a current build starts without loading Vite.
      const { build } = await import('vite');
      await asProduction(() => build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' }));
    },
  },
  {
    // GraphiQL changes only with its package; brotli at its best takes half a minute on it.
    name: 'GraphiQL into dist/graphiql',
    isCurrent: newerThan(
      ['web/build-graphiql.ts', 'web/precompress.ts', 'domain/core/routes.ts', 'package-lock.json'],
      'dist/graphiql/index.html',
    ),
    async build() {
      const { buildGraphiQL } = await import('./build-graphiql.js');
      await buildGraphiQL();
    },
  },
  {
    // Current by the files the bundle was made from, as cli/youku.mjs judges it before running it.
    name: 'the command-line client into dist/cli',
    isCurrent: () => builtClientIsCurrent(),
    async build() {
      const { buildCli } = await import('../cli/build.js');
      await buildCli();
    },
  },
];

/**
 * Builds what the server serves from dist/ (the web client, GraphiQL), and the command-line client,
 * when one has not been built or a source changed after it; returns what it built.
 */
export async function buildWhenStale(): Promise<string[]> {
  const stale = BUILDS.filter((build) => !build.isCurrent());
  for (const build of stale) await build.build();
  return stale.map(({ name }) => name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildWhenStale();
  console.log(built.length > 0 ? `Built ${built.join(', ')}.` : 'The builds in dist/ are current.');
}
