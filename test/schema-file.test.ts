import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../schema/schema-file.js';

const committed = fileURLToPath(new URL('../schema/schema.graphql', import.meta.url));

describe('schema/schema.graphql', () => {
  it('is what the Pothos schema prints', () => {
    expect(
      readFileSync(committed, 'utf8'),
      'schema/schema.graphql is out of date: run `npm run schema:print` and commit the file',
    ).toBe(printSchemaFile());
  });
});
