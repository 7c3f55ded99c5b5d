import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  css,
  editorWorkerService,
  favicon,
  graphqlWorker,
  js,
  jsonWorker,
} from '@graphql-yoga/render-graphiql/graphiql';
import { extension } from 'mime-types';
import { GRAPHIQL_ASSETS_PATH } from '../domain/core/routes.js';
import { precompressFiles } from './precompress.js';

/** Where GraphiQL's page and files go; server/routes/graphiql.ts serves them. */
export const GRAPHIQL_OUT_DIR = fileURLToPath(new URL('../dist/graphiql', import.meta.url));
/** The URL of the files' folder, as server/routes/graphiql.ts mounts it. */
const ASSETS_URL = GRAPHIQL_ASSETS_PATH;
/** What GraphiQL's start is given: Yoga's renderer passes its `graphiql` options. */
const OPTIONS = { title: 'Youku GraphQL' };

const DATA_URL = /^data:([a-z0-9.+/-]+);base64,(.*)$/s;
/** A `url(data:…;base64,…)` in the style sheet: fonts and pictures, which the CSP allows only from the site. */
const CSS_DATA_URL = /url\((["']?)(data:[a-z0-9.+/-]+;base64,[A-Za-z0-9+/=]+)\1\)/g;

/** The files of the page, by their name under the folder (named by content: a name never changes its bytes). */
type Files = Map<string, string | Buffer>;

function add(files: Files, stem: string, ext: string, content: string | Buffer): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 16);
  const name = `${stem}-${hash}.${ext}`;
  files.set(name, content);
  return name;
}

function addDataUrl(files: Files, stem: string, url: string): string {
  const [, type, base64] = DATA_URL.exec(url) ?? [];
  if (!type || base64 === undefined) throw new Error(`not a base64 data: URL: ${url.slice(0, 40)}`);
  return add(files, stem, extension(type) || 'bin', Buffer.from(base64, 'base64'));
}

/** Every worker Monaco asks for by its label, each a file of its own (the original makes them blob: URLs). */
function addWorkers(files: Files): Record<string, string> {
  return {
    editorWorkerService: `${ASSETS_URL}/${add(files, 'editor-worker', 'js', editorWorkerService)}`,
    json: `${ASSETS_URL}/${add(files, 'json-worker', 'js', jsonWorker)}`,
    graphql: `${ASSETS_URL}/${add(files, 'graphql-worker', 'js', graphqlWorker)}`,
  };
}

/**
 * The script that @graphql-yoga/render-graphiql writes inline, as a file (the CSP runs no inline
 * script): where Monaco finds its workers, set before GraphiQL's bundle runs (both are deferred,
 * so they run in order), and the start once the page is parsed.
 */
function startScript(workers: Record<string, string>): string {
  return `'use strict';
const workers = ${JSON.stringify(workers)};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workers[label] };
document.addEventListener('DOMContentLoaded', () => {
  YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${JSON.stringify(OPTIONS)});
});
`;
}

function page(names: { favicon: string; css: string; start: string; js: string }): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${OPTIONS.title}</title>
    <link rel="icon" href="${ASSETS_URL}/${names.favicon}" />
    <link rel="stylesheet" href="${ASSETS_URL}/${names.css}" />
    <script src="${ASSETS_URL}/${names.start}" defer></script>
    <script src="${ASSETS_URL}/${names.js}" defer></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
  </body>
</html>
`;
}

/**
 * Builds GraphiQL as @graphql-yoga/render-graphiql ships it, split into files that a strict CSP
 * allows and a browser caches: a small page, and under assets/ the bundle, its style sheet with
 * its fonts and pictures, Monaco's workers and the start script, each named by its content, each
 * with a brotli and a gzip copy. Built once (its source changes only with the dependency); the
 * renderer's own page inlines 9 MB into every answer.
 */
export async function buildGraphiQL(outDir = GRAPHIQL_OUT_DIR): Promise<void> {
  const files: Files = new Map();
  const styles = css.replace(CSS_DATA_URL, (_match, _quote, url: string) => `url(${addDataUrl(files, 'inline', url)})`);
  const names = {
    favicon: addDataUrl(files, 'favicon', favicon),
    css: add(files, 'graphiql', 'css', styles),
    start: add(files, 'start', 'js', startScript(addWorkers(files))),
    js: add(files, 'graphiql', 'js', js),
  };
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  await Promise.all([...files].map(([name, content]) => writeFile(join(outDir, 'assets', name), content)));
  await precompressFiles(outDir);
  // Last: a page on disk means a whole build (web/build-when-stale.ts goes by its time).
  await writeFile(join(outDir, 'index.html'), page(names));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildGraphiQL();
  console.log(`Built GraphiQL into ${GRAPHIQL_OUT_DIR}.`);
}
