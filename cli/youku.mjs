#!/usr/bin/env node
// The package's `bin`: runs the TypeScript client through tsx, as `npm run cli` does.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
