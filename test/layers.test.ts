import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The layer-rule messages ESLint gives `source` as if it stood at `filePath`. */
async function refusals(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.map((message) => message.message);
}

describe('the layer rule (npm run lint)', () => {
  it.each([
    ['domain/x.ts', "import { createApp } from '../server/app.js';"],
    ['domain/storage/x.ts', "import { schema } from '../../schema/index.js';"],
    ['domain/x.ts', "import express from 'express';"],
    ['db/x.ts', "import { AppError } from '../domain/errors.js';"],
    ['schema/x.ts', "import { readConfig } from '../server/config.js';"],
    ['web/src/x.ts', "import { Movie } from '../../db/models/movie';"],
    ['cli/x.ts', "import { schema } from '../schema/index.js';"],
    ['client-transport/x.ts', "import { readConfig } from '../server/config.js';"],
  ])('refuses %s importing upwards: %s', async (filePath, source) => {
    expect(await refusals(filePath, source)).toEqual([expect.stringMatching(/must not import|knows nothing of/)]);
  });

  it.each([
    ['server/x.ts', "import { schema } from '../schema/index.js';"],
    ['schema/x.ts', "import { priceOf } from '../domain/pricing.js';"],
    ['domain/x.ts', "import { Movie } from '../db/models/movie.js';"],
    ['web/src/x.ts', "import { computeFingerprint } from '../../domain/fingerprint';"],
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
