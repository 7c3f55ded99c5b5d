import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A build: what it is made from, the file whose time says when it was last made, and how to make it. */
interface Build {
  name: string;
  sources: string[];
  built: string;
  build(): Promise<void>;
}

const BUILDS: Build[] = [
  {
    name: 'the web client into dist/web',
    sources: [
      'web/src',
      'web/public',
      'web/index.html',
      'web/vite.config.ts',
      'web/precompress.ts',
      // The client bundles pure modules of the domain (the fingerprint, error codes, name rules)
      // and what it shares with the CLI (client-transport/: headers, tus uploads).
      'domain',
      'client-transport',
      'package-lock.json',
    ],
    built: 'dist/web/index.html',
    async build() {
      // Imported only when needed: a current build starts without loading Vite.
      const { build } = await import('vite');
      await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
    },
  },
  {
    // GraphiQL changes only with its package; brotli at its best takes half a minute on it.
    name: 'GraphiQL into dist/graphiql',
    sources: ['web/build-graphiql.ts', 'web/precompress.ts', 'package-lock.json'],
    built: 'dist/graphiql/index.html',
    async build() {
      const { buildGraphiQL } = await import('./build-graphiql.js');
      await buildGraphiQL();
    },
  },
];

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

function isStale({ sources, built }: Build): boolean {
  const at = builtAt(join(ROOT, built));
  return at === null || at < Math.max(...sources.map((source) => newestChange(join(ROOT, source))));
}

/**
 * Builds what the server serves from dist/ (the web client, GraphiQL) when it has not been built
 * or a source changed after it; returns what it built.
 */
export async function buildWhenStale(): Promise<string[]> {
  const stale = BUILDS.filter(isStale);
  for (const build of stale) await build.build();
  return stale.map(({ name }) => name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildWhenStale();
  console.log(built.length > 0 ? `Built ${built.join(' and ')}.` : 'The web client and GraphiQL in dist/ are current.');
}
