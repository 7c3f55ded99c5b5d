import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the command-line client sources', () => {
  it('have generated GraphQL types that match the schema and the documents (graphql-codegen --check)', async () => {
    await expect(run('npx', ['graphql-codegen', '--config', 'codegen.ts', '--check'])).resolves.toBeDefined();
  });
});
