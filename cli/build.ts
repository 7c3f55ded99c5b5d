import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILT_CLIENT, BUILT_FROM } from './built-client.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles the client's TypeScript (cli/, and what it imports of domain/ and client-transport/) into
 * one JavaScript file, so that a command starts without compiling anything. The packages stay
 * outside, loaded from node_modules as installed. Writes beside it the files it was made from, by
 * which cli/youku.mjs tells whether it is current.
 */
export async function buildCli(): Promise<void> {
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: ['cli/main.ts'],
    outfile: BUILT_CLIENT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
  });
  // This file too: a bundle made another way is stale.
  const inputs = [...Object.keys(metafile.inputs), 'cli/build.ts'];
  await writeFile(join(ROOT, BUILT_FROM), `${JSON.stringify(inputs, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
