import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/** Gzipped bytes the first page may load, by kind. */
export interface FirstLoadBudget {
  js: number;
  css: number;
}

/**
 * The budget of the first page load, about a fifth above what it needed when it was set (December
 * 2026: 134 KiB of JavaScript, 2.3 KiB of CSS). Raise it on purpose, in this one place, when a
 * feature is worth the weight; what only one page needs belongs in a chunk loaded lazily instead.
 */
export const FIRST_LOAD_BUDGET: FirstLoadBudget = { js: 160 * 1024, css: 3 * 1024 };

/** One file the first page loads, and its size as the server sends it gzipped (precompress.ts). */
export interface LoadedFile {
  path: string;
  kind: keyof FirstLoadBudget;
  gzipped: number;
}

/**
 * The files index.html makes the browser fetch before the app runs: the entry script, the modules
 * it preloads (its static imports) and the style sheets. Chunks imported lazily are not among them.
 */
function firstLoadPaths(html: string): { path: string; kind: keyof FirstLoadBudget }[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="\/([^"]+)"/g)];
  const preloads = [...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="\/([^"]+)"/g)];
  const styles = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="\/([^"]+)"/g)];
  // A page whose script this cannot find (another base, relative URLs) would pass unmeasured.
  if (scripts.length === 0) throw new Error('first-load budget: index.html names no script at a root-absolute URL');
  return [
    ...[...scripts, ...preloads].map(([, path]) => ({ path: path!, kind: 'js' as const })),
    ...styles.map(([, path]) => ({ path: path!, kind: 'css' as const })),
  ];
}

/** The first load of the client built into `dir`, measured from the files themselves. */
export async function measureFirstLoad(dir: string): Promise<LoadedFile[]> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  return Promise.all(
    firstLoadPaths(html).map(async ({ path, kind }) => {
      const bytes = await readFile(join(dir, path));
      const gzipped = await promisify(gzip)(bytes, { level: constants.Z_BEST_COMPRESSION });
      return { path, kind, gzipped: gzipped.length };
    }),
  );
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** What goes over `budget`, in words that name the files; null when the first load fits. */
export function overBudget(files: LoadedFile[], budget: FirstLoadBudget): string | null {
  const problems = (['js', 'css'] as const).flatMap((kind) => {
    const own = files.filter((file) => file.kind === kind);
    const total = own.reduce((sum, file) => sum + file.gzipped, 0);
    if (total <= budget[kind]) return [];
    const list = own.map((file) => `${file.path} ${kib(file.gzipped)}`).join(', ');
    return [
      `The first page load needs ${kib(total)} of gzipped ${kind.toUpperCase()}, over its budget of ${kib(budget[kind])} ` +
        `(FIRST_LOAD_BUDGET in web/first-load-budget.ts): ${list}. ` +
        'Load what only one page needs with import(), or raise the budget on purpose.',
    ];
  });
  return problems.length > 0 ? problems.join('\n') : null;
}

/** Fails the build, and removes the page it wrote, when the first page load goes over `budget`. */
export function firstLoadBudget(budget: FirstLoadBudget = FIRST_LOAD_BUDGET): Plugin {
  return {
    name: 'first-load-budget',
    apply: 'build',
    async writeBundle({ dir }) {
      if (!dir) throw new Error('first-load-budget: the build names no output folder');
      const problem = overBudget(await measureFirstLoad(dir), budget);
      if (!problem) return;
      // No page left to serve: web/build-when-stale.ts then sees the build as missing, not current.
      await rm(join(dir, 'index.html'), { force: true });
      throw new Error(problem);
    },
  };
}
