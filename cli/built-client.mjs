// Whether the client built to JavaScript (dist/cli/, by `npm run build:cli`) is there and current.
// Plain JavaScript, so that cli/youku.mjs can ask before anything is compiled.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The bundle cli/youku.mjs runs when it is current. */
export const BUILT_CLIENT = 'dist/cli/youku.mjs';

/** The files the bundle was made from, as the build read them (paths from the repository's root). */
export const BUILT_FROM = 'dist/cli/inputs.json';

const modifiedAt = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;

/** True when the bundle is there and none of the files it was made from has changed, or gone, since. */
export function builtClientIsCurrent(root = ROOT) {
  const builtAt = modifiedAt(join(root, BUILT_CLIENT));
  if (builtAt === undefined) return false;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, BUILT_FROM), 'utf8'));
  } catch {
    return false;
  }
  return inputs.every((input) => (modifiedAt(join(root, input)) ?? Infinity) <= builtAt);
}
