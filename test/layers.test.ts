import { readdirSync } from 'node:fs';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The files below exist only as text: without type information, which only files on disk have.
const eslint = new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked });

/** The rooms of the domain and the rooms each may import, as eslint.config.js states them. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- a path TypeScript does not resolve: the config is JavaScript without types
const { ROOMS } = (await import('../eslint.config.js' as string)) as { ROOMS: Record<string, string[]> };

/** The rules that state the layers; the other rules (an unused import in these samples) are not this test's. */
const LAYER_RULES = ['no-restricted-imports', 'no-restricted-syntax', 'no-restricted-globals'];

/** The layer-rule messages ESLint gives `source` as if it stood at `filePath`. */
async function refusals(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages
    .filter((message) => message.ruleId === null || LAYER_RULES.includes(message.ruleId))
    .map((message) => message.message);
}

describe('the layer rule (npm run lint)', () => {
  it.each([
    ['domain/core/x.ts', "import { createApp } from '../../server/app.js';"],
    ['domain/storage/x.ts', "import { schema } from '../../schema/index.js';"],
    ['domain/catalogue/x.ts', "import express from 'express';"],
    ['db/x.ts', "import { AppError } from '../domain/core/errors.js';"],
    ['schema/x.ts', "import { readConfig } from '../server/config/read-config.js';"],
    ['web/src/x.ts', "import { Movie } from '../../db/models/movie';"],
    ['cli/x.ts', "import { schema } from '../schema/index.js';"],
    ['client-transport/x.ts', "import { readConfig } from '../server/config.js';"],
  ])('refuses %s importing upwards: %s', async (filePath, source) => {
    expect(await refusals(filePath, source)).toEqual([expect.stringMatching(/must not import|knows nothing of/)]);
  });

  it.each([
    ['server/x.ts', "import { schema } from '../schema/index.js';"],
    ['schema/x.ts', "import { priceOf } from '../domain/commerce/pricing.js';"],
    ['domain/catalogue/x.ts', "import { Movie } from '../../db/models/movie.js';"],
    ['web/src/x.ts', "import { computeFingerprint } from '../../domain/catalogue/fingerprint';"],
    ['cli/x.ts', "import { ROUTES } from '../domain/core/routes.js';"],
  ])('lets %s import downwards: %s', async (filePath, source) => {
    expect(await refusals(filePath, source)).toEqual([]);
  });

  it.each([
    "import { stat } from 'node:fs/promises';",
    "export const load = () => import('node:path');",
    'export const page = () => window.location.href;',
    'export const home = () => process.env.HOME;',
  ])('keeps client-transport/, which runs in the browser and in Node, to what both have: %s', async (source) => {
    expect(await refusals('client-transport/x.ts', source)).toEqual([expect.stringMatching(/also runs in/)]);
  });
});

describe('the rooms of the domain', () => {
  it('hold every file of domain/, and each folder of it is a room the rule knows', () => {
    const entries = readdirSync(new URL('../domain', import.meta.url), { withFileTypes: true });
    expect(entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual([]);
    expect(entries.map((entry) => entry.name).sort()).toEqual(Object.keys(ROOMS).sort());
  });

  it('stack without a circle: no room may import a room that may import it', () => {
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      ROOMS[from]!.some((next) => next === to || (!seen.has(next) && seen.add(next) && reaches(next, to, seen)));
    expect(Object.keys(ROOMS).filter((room) => reaches(room, room))).toEqual([]);
  });

  it.each(Object.keys(ROOMS))('domain/%s/ imports the rooms it may and is refused the others', async (room) => {
    const others = Object.keys(ROOMS).filter((other) => other !== room);
    const refused: string[] = [];
    for (const other of others) {
      const said = await refusals(`domain/${room}/x.ts`, `import { x } from '../${other}/x.js';`);
      if (said.length > 0) refused.push(other);
    }
    expect(refused).toEqual(others.filter((other) => !ROOMS[room]!.includes(other)));
    expect(await refusals(`domain/${room}/x.ts`, "import { y } from './y.js';")).toEqual([]);
  });

  it.each([
    ['domain/core/x.ts', "import { findUser } from '../accounts/accounts.js';"],
    ['domain/storage/x.ts', "import { computeFingerprint } from '../catalogue/fingerprint.js';"],
    ['domain/accounts/x.ts', "import { pay } from '../commerce/coins.js';"],
    ['domain/media/x.ts', "import { findMovie } from '../catalogue/movies.js';"],
    ['domain/catalogue/x.ts', "import { purchasedMovieIds } from '../commerce/downloads.js';"],
  ])('refuses %s: %s', async (filePath, source) => {
    expect(await refusals(filePath, source)).toEqual([expect.stringMatching(/may import only/)]);
  });

  it.each([
    ['domain/commerce/x.ts', "import { findMovie } from '../catalogue/movies.js';"],
    ['domain/commerce/x.ts', "import { findUser } from '../accounts/accounts.js';"],
    ['domain/catalogue/x.ts', "import type { Storage } from '../storage/storage.js';"],
    ['domain/media/x.ts', "import type { JobHandler } from '../jobs/job-worker.js';"],
    ['domain/jobs/x.ts', "import { AppError } from '../core/errors.js';"],
  ])('lets %s: %s', async (filePath, source) => {
    expect(await refusals(filePath, source)).toEqual([]);
  });
});
