import { readdirSync } from 'node:fs';
import { extname, sep } from 'node:path';
import express, { type RequestHandler, type Response } from 'express';
import { contentType } from 'mime-types';

/** The copies web/precompress.ts writes beside a file, in the order they are preferred (brotli is smaller). */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

type Encoding = (typeof ENCODINGS)[number];

/** The encoded copies under `dir`, by the URL path of the file they copy. */
function encodedCopies(dir: string): Map<string, Encoding[]> {
  const names = new Set(readdirSync(dir, { recursive: true, encoding: 'utf8' }));
  const copies = new Map<string, Encoding[]>();
  for (const name of names) {
    const present = ENCODINGS.filter(({ suffix }) => names.has(name + suffix));
    if (present.length > 0) copies.set(`/${name.split(sep).join('/')}`, present);
  }
  return copies;
}

/**
 * Serves the files under `dir` as express.static does, each in the best encoding the request
 * accepts among the copies built beside it (`name.br`, `name.gz`): with `Content-Encoding`, the
 * original's type, and `Vary: Accept-Encoding` on every answer of a file that has copies. Nothing
 * is compressed while serving. Express's negotiator reads Accept-Encoding (q-values, `*`,
 * `identity`); brotli goes first when both are accepted, whatever order the client lists them in.
 * `setHeaders` is express.static's (it sees the path of the copy sent).
 */
export function precompressedFiles(dir: string, setHeaders: (res: Response, path: string) => void): RequestHandler {
  const copies = encodedCopies(dir);
  const files: RequestHandler = express.static(dir, { index: false, redirect: false, setHeaders });
  return (req, res, next) => {
    const available = req.method === 'GET' || req.method === 'HEAD' ? copies.get(req.path) : undefined;
    if (!available) return files(req, res, next);
    res.vary('Accept-Encoding');
    const chosen = available.find(({ name }) => req.acceptsEncodings(name) === name);
    if (!chosen) return files(req, res, next);
    const original = req.url;
    res.setHeader('Content-Type', contentType(extname(req.path)) || 'application/octet-stream');
    res.setHeader('Content-Encoding', chosen.name);
    req.url = req.path + chosen.suffix;
    files(req, res, (err?: unknown) => {
      if (err) return next(err);
      // The copy is gone since the start (a build replaced the folder): the file as it is, if any.
      req.url = original;
      res.removeHeader('Content-Encoding');
      res.removeHeader('Content-Type');
      files(req, res, next);
    });
  };
}
