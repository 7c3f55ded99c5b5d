import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from './fixtures/fingerprint-vectors.json' with { type: 'json' };
import { chromiumAvailable, launchChromium } from './support/browser.js';

const BLOB_READER = fileURLToPath(new URL('../web/src/upload/blob-fingerprint.ts', import.meta.url));

/** The browser's reader and the shared fingerprint module, bundled as the client bundles them. */
async function bundledReader(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      lib: { entry: BLOB_READER, formats: ['iife'], name: 'blobFingerprint', fileName: 'reader' },
    },
  })) as Rollup.RollupOutput[];
  return output[0]!.output[0].code;
}

describe.skipIf(!chromiumAvailable())('the browser fingerprint reader (Blob.slice) in Chromium', () => {
  let browser: Browser;
  let reader: string;
  beforeAll(async () => {
    [browser, reader] = await Promise.all([launchChromium(), bundledReader()]);
  });
  afterAll(() => browser?.close());

  it('matches every committed vector', async () => {
    const page = await browser.newPage();
    await page.addScriptTag({ content: reader });
    const computed = await page.evaluate(
      async (sizes) => {
        const S = 65536;
        /** Bytes [start, end) of the vectors' pattern: byte i is i mod 251. */
        const pattern = (start: number, end: number) => {
          const bytes = new Uint8Array(end - start);
          for (let i = 0; i < bytes.length; i++) bytes[i] = (start + i) % 251;
          return bytes;
        };
        /**
         * A file of `size` bytes as a Blob, or for sizes a page cannot hold, an object that answers
         * `slice` as a Blob would, with the pattern's bytes for whatever range is asked.
         */
        const fileOf = (size: number): Blob =>
          size <= 16 * S
            ? new Blob([pattern(0, size)])
            : ({ size, slice: (start: number, end: number) => new Blob([pattern(start, end)]) } as unknown as Blob);
        const global = window as unknown as { blobFingerprint: { fingerprintOfBlob(blob: Blob): Promise<string> } };
        return Promise.all(sizes.map((size) => global.blobFingerprint.fingerprintOfBlob(fileOf(size))));
      },
      vectors.vectors.map((vector) => vector.size),
    );
    expect(computed).toEqual(vectors.vectors.map((vector) => vector.fingerprint));
  });
});
