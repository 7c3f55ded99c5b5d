#!/usr/bin/env node
// The package's `bin`. It runs the client built to JavaScript (dist/cli/youku.mjs: `npm run
// build:cli`, which `npm ci` runs, and `npm start` whenever a source changed), which starts in a
// fraction of the time; where that build is missing or older than a source it was made from (a
// checkout being worked on), the TypeScript itself through tsx.
import { builtClientIsCurrent } from './built-client.mjs';

if (builtClientIsCurrent()) {
  await import('../dist/cli/youku.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
