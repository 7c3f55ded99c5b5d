import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');

/** Every environment variable server/config.ts reads, from its source. */
async function configVariables(): Promise<string[]> {
  const source = await read('server/config.ts');
  const names = [...source.matchAll(/env, '([A-Z_]+)'|env\.([A-Z_]+)/g)].map((match) => match[1] ?? match[2]!);
  return [...new Set(names)].sort();
}

describe('the documentation of the settings', () => {
  it('lists every variable the server reads in the deployment guide and in the README', async () => {
    const variables = await configVariables();
    expect(variables).toContain('METRICS');
    expect(variables.length).toBeGreaterThan(30);
    const guide = await read('deploy/README.md');
    const readme = await read('README.md');
    for (const name of variables) {
      expect(guide, `deploy/README.md lacks ${name}`).toMatch(new RegExp(`^\\| .*\`${name}\``, 'm'));
      expect(readme, `README.md lacks ${name}`).toContain(`\`${name}\``);
    }
  });
});
