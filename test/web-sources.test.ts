import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../domain/core/errors.js';
import en from '../web/src/i18n/messages/en.json' with { type: 'json' };
import zh from '../web/src/i18n/messages/zh.json' with { type: 'json' };

const run = promisify(execFile);
const SOURCE_DIR = 'web/src';

/** Where the client's two date formats live (layout/dates.ts) and are applied (layout/date-text.tsx). */
const DATE_HOME = [join(SOURCE_DIR, 'layout/dates.ts'), join(SOURCE_DIR, 'layout/date-text.tsx')];
/** Every way JavaScript or react-intl writes a date or a time in words. */
const DATE_FORMATTING =
  /\bFormatted(?:Date|Time|DateParts|TimeParts|DateTimeRange|RelativeTime)\b|\.format(?:Date|Time|DateToParts|TimeToParts|DateTimeRange|RelativeTime)\(|\.toLocale(?:Date|Time)?String\(|\bIntl\.(?:DateTimeFormat|RelativeTimeFormat)\b|\b(?:dateStyle|timeStyle)\b/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'gql' ? [] : sourceFiles(path);
      return /\.tsx?$/.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

describe('web client sources', () => {
  it('has generated GraphQL types that match the schema and the documents (graphql-codegen --check)', async () => {
    await expect(run('npx', ['graphql-codegen', '--config', 'codegen.ts', '--check'])).resolves.toBeDefined();
  });

  it('has the same messages in English and Chinese, none empty', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const catalogue of [en, zh]) {
      for (const [id, text] of Object.entries(catalogue)) expect(text.trim(), id).not.toBe('');
    }
  });

  it('has a sentence for every error code of the API', () => {
    for (const code of [...ERROR_CODES, 'TOO_EARLY', 'INTERNAL_SERVER_ERROR']) {
      expect(en, code).toHaveProperty([`error.${code}`]);
    }
  });

  it('names only messages that exist, and no text outside the catalogues in its markup', async () => {
    const ids = new Set(Object.keys(en));
    for (const file of await sourceFiles(SOURCE_DIR)) {
      const source = await readFile(file, 'utf8');
      for (const [, id] of source.matchAll(/\bid(?:=|: )["']([a-zA-Z]+\.[a-zA-Z.]+)["']/g)) {
        expect(ids.has(id!), `${file}: ${id}`).toBe(true);
      }
      // Text between tags, other than punctuation and symbols, would be a string left untranslated
      // (an arrow's `=>` in a type, as in `() => Promise<T>`, closes no tag).
      if (file.endsWith('.tsx'))
        for (const [, text] of source.matchAll(/(?<!=)[>}]([^<>{}\n()=;:&]*[\p{L}][^<>{}\n()=;:&]*)[<{]/gu)) {
          expect.soft(text!.trim(), `${file}: hard-coded text`).toBe('');
        }
    }
  });

  it('writes dates only through its one home, so that each language shows one date format', async () => {
    const files = await sourceFiles(SOURCE_DIR);
    for (const home of DATE_HOME) expect(files).toContain(home);
    for (const file of files.filter((path) => !DATE_HOME.includes(path))) {
      const uses = [...(await readFile(file, 'utf8')).matchAll(DATE_FORMATTING)].map(([use]) => use);
      expect
        .soft(uses, `${file} formats a date itself: use <DateText> or <DateTimeText> (layout/date-text.tsx)`)
        .toEqual([]);
    }
  });
});
