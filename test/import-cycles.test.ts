import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The folders of our own TypeScript; generated code (web/src/gql, cli/gql) imports only itself. */
const FOLDERS = ['server', 'schema', 'domain', 'db', 'web', 'cli', 'examples', 'bench', 'test', 'deploy', 'docs'];
const SKIPPED = new Set(['node_modules', 'dist', 'gql']);

function sourcesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sourcesUnder(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative specifier of a source, type-only imports and re-exports included: a circle of types is a circle too. */
function relativeSpecifiers(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.\.?\/[^'"]+)\1/g);
  return [...found].map((match) => match[2]!);
}

/** The source file a specifier names (`./x.js` is `./x.ts` under Node's ESM resolution of TypeScript). */
function resolved(from: string, specifier: string): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  const bare = target.replace(/\.(js|ts|tsx)$/, '');
  return [`${bare}.ts`, `${bare}.tsx`, `${bare}/index.ts`].find((path) => existsSync(join(ROOT, path)));
}

/** Which sources each source imports. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const specifiers = relativeSpecifiers(readFileSync(join(ROOT, file), 'utf8'));
    graph.set(
      file,
      [...new Set(specifiers.map((specifier) => resolved(file, specifier)))].filter((t) => t !== undefined),
    );
  }
  return graph;
}

/** One circle of each group of sources that import one another (Tarjan's strongly connected components). */
function circlesOf(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    const selfImport = graph.get(node)?.includes(node) ?? false;
    if (group.length > 1 || selfImport) groups.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return groups;
}

describe('imports', () => {
  it('form no circle anywhere in our TypeScript', () => {
    const files = FOLDERS.filter((folder) => existsSync(join(ROOT, folder))).flatMap(sourcesUnder);
    expect(files.length).toBeGreaterThan(300);
    expect(circlesOf(importGraph(files))).toEqual([]);
  });

  it('finds a circle, however long, and reads every form of import', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts', 'd.ts']],
      ['e.ts', ['a.ts']],
    ]);
    expect(circlesOf(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['d.ts']]);
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "import './d.js';",
      "const e = await import('./e.js');",
      "import x from 'express';",
    ].join('\n');
    expect(relativeSpecifiers(source)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js']);
  });
});
