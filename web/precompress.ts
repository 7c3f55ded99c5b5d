import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Files that compress: text and fonts that are not compressed already. */
const COMPRESSIBLE = /\.(html|js|css|svg|json|ttf|ico|txt|map)$/;

const ENCODERS = [
  {
    suffix: '.br',
    encode: (bytes: Buffer) =>
      promisify(brotliCompress)(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
  },
  { suffix: '.gz', encode: (bytes: Buffer) => promisify(gzip)(bytes, { level: constants.Z_BEST_COMPRESSION }) },
];

async function precompressFile(path: string): Promise<void> {
  const bytes = await readFile(path);
  await Promise.all(
    ENCODERS.map(async ({ suffix, encode }) => {
      const encoded = await encode(bytes);
      // A copy that saves nothing (a tiny file) is not worth a header.
      if (encoded.length < bytes.length) await writeFile(path + suffix, encoded);
    }),
  );
}

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every compressible file under `dir`, each
 * at its best compression: made once at build time, so that the server only chooses one by the
 * request's Accept-Encoding (server/routes/precompressed-files.ts) and never compresses while serving.
 */
export async function precompressFiles(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name));
  await Promise.all(files.map((entry) => precompressFile(join(entry.parentPath, entry.name))));
}
