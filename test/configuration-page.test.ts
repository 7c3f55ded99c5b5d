import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIGURATION_PAGE, configurationPage } from '../server/config/configuration-page.js';
import { VARIABLES } from '../server/config/variables.js';

describe('docs/configuration.md', () => {
  const committed = readFileSync(CONFIGURATION_PAGE, 'utf8');

  it('holds the tables that server/config/variables.ts writes', async () => {
    expect(committed, 'docs/configuration.md is out of date: run `npm run docs:config` and commit the file').toBe(
      await configurationPage(committed),
    );
  });

  it('lists every variable the server reads, once, in a table row', () => {
    for (const name of Object.keys(VARIABLES)) {
      expect(committed.match(new RegExp(`^\\| \`${name}\` +\\|`, 'gm')), name).toHaveLength(1);
    }
  });
});
