import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEPLOYED_MALLOC_TUNABLES } from '../bench/server-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The pages whose links must resolve: the README, docs/, and the pages beside code that link into them. */
const PAGES = [
  'README.md',
  'deploy/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
  ...readdirSync(join(ROOT, 'bench/results')).map((file) => `bench/results/${file}`),
];

/** The lines of a page outside fenced code blocks, with inline code spans blanked (links there are examples). */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').flatMap((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return [];
    }
    return fenced ? [] : [line.replace(/(`+)[^`]*?\1/g, (span) => span.replace(/\(/g, ' '))];
  });
}

/** A heading's anchor as GitHub makes it: the text as shown, lower-cased, punctuation dropped, spaces as hyphens. */
function slugOf(heading: string): string {
  const shown = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/<[^>]+>/g, '');
  return shown
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a page, repeated headings numbered as GitHub numbers them (`name`, `name-1`, …). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*$/.exec(line);
    if (!heading) continue;
    const slug = slugOf(heading[1]!);
    let unique = slug;
    for (let n = 1; anchors.has(unique); n++) unique = `${slug}-${n}`;
    anchors.add(unique);
  }
  return anchors;
}

/** The relative targets of a page's links and images: `[text](target)`, without a scheme. */
function relativeLinks(markdown: string): string[] {
  const targets = proseLines(markdown).flatMap((line) =>
    [...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!),
  );
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Why `target`, linked from `page`, does not resolve; undefined when it does. */
function brokenLink(page: string, target: string): string | undefined {
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const file = path === '' ? join(ROOT, page) : join(ROOT, dirname(page), decodeURIComponent(path));
  if (!existsSync(file)) return `no file ${relative(ROOT, file)}`;
  if (anchor === undefined) return undefined;
  if (!file.endsWith('.md')) return `an anchor into ${relative(ROOT, file)}, which is no markdown page`;
  const anchors = anchorsOf(readFileSync(file, 'utf8'));
  return anchors.has(decodeURIComponent(anchor)) ? undefined : `no heading #${anchor} in ${relative(ROOT, file)}`;
}

describe('the documentation', () => {
  it.each(PAGES)('%s: every relative link resolves, to a file and to a heading in it', (page) => {
    const links = relativeLinks(readFileSync(join(ROOT, page), 'utf8'));
    const broken = links.map((target) => [target, brokenLink(page, target)]).filter(([, why]) => why);
    expect(broken).toEqual([]);
  });

  it('finds links, anchors and headings as GitHub does', () => {
    expect(slugOf('Deploying: two processes, MySQL, S3-compatible storage, nginx')).toBe(
      'deploying-two-processes-mysql-s3-compatible-storage-nginx',
    );
    expect(slugOf('Where a floor is missed: `media-range-rps`')).toBe('where-a-floor-is-missed-media-range-rps');
    expect(slugOf('5. nginx')).toBe('5-nginx');
    expect(slugOf('Other sites (CORS)')).toBe('other-sites-cors');
    expect(slugOf('`MAX_UPLOAD_BYTES` and 日出')).toBe('max_upload_bytes-and-日出');
    expect([...anchorsOf('# A\n\n## A\n\n```sh\n# A\n```\n## A')]).toEqual(['a', 'a-1', 'a-2']);
    expect(relativeLinks('[a](x.md) `[b](y.md)` ![c](d.png "t") [e](https://e.example)\n```\n[f](g.md)\n```')).toEqual([
      'x.md',
      'd.png',
    ]);
  });

  it('shows every picture of docs/screenshots/ on its page, none missing and none left over', () => {
    const pictures = readdirSync(join(ROOT, 'docs/screenshots')).sort();
    const page = readFileSync(join(ROOT, 'docs/screenshots.md'), 'utf8');
    const shown = [...page.matchAll(/!\[[^\]]*\]\(screenshots\/([^)]+)\)/g)].map(([, file]) => file!).sort();
    expect(pictures.length).toBeGreaterThan(0);
    expect(shown).toEqual(pictures);
  });

  it('keeps README.md under 10 KB: what it is, how to start, and links; the rest lives in docs/', () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThan(10 * 1024);
  });

  it('deploys the server with the malloc setting the bench runs it with', () => {
    const operations = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    expect(operations).toContain(`Environment=GLIBC_TUNABLES=${DEPLOYED_MALLOC_TUNABLES}\n`);
    expect(operations).toContain(`\`GLIBC_TUNABLES=${DEPLOYED_MALLOC_TUNABLES}\``);
  });

  it('names none of the documents outside the repository', () => {
    const pages = PAGES.map((page) => readFileSync(join(ROOT, page), 'utf8')).join('\n');
    expect(pages).not.toMatch(/\.\.\/shared|\bAPI\.md|DESIGN\.md|MISSION\.md/);
  });
});
