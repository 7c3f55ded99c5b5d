import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Everything the built client is made from. */
const SOURCES = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/vite.config.ts',
  // The domain's modules that the client bundles.
  'domain/credit-amounts.ts',
  'domain/errors.ts',
  'domain/fingerprint.ts',
  'domain/movie-names.ts',
  'domain/text.ts',
  'package-lock.json',
];
const BUILT_INDEX = join(ROOT, 'dist/web/index.html');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

function builtAt(): number | null {
  try {
    return statSync(BUILT_INDEX).mtimeMs;
  } catch {
    return null;
  }
}

/** Builds the web client when there is no build or a source changed after it; true if it built. */
export async function buildWebClientWhenStale(): Promise<boolean> {
  const built = builtAt();
  const changed = Math.max(...SOURCES.map((source) => newestChange(join(ROOT, source))));
  if (built !== null && built >= changed) return false;
  // Imported only when needed: a current build starts without loading Vite.
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildWebClientWhenStale();
  console.log(built ? 'Built the web client into dist/web.' : 'The web client in dist/web is current.');
}
