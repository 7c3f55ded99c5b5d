import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { ROUTES } from '../domain/core/routes.js';
import { firstLoadBudget } from './first-load-budget.js';
import { precompressFiles } from './precompress.js';

/** Where the built client goes; server/routes/web-client.ts serves it from there. */
const WEB_OUT_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));

/** The API, video bytes and streams by ticket, resumable uploads, posters, seek-bar previews. */
const SERVER_PATHS = [ROUTES.graphql, ROUTES.media, ROUTES.uploads, ROUTES.posters, ROUTES.previews];
const API_SERVER = process.env.VIDEO_SERVER || 'http://127.0.0.1:4000';

/** A brotli and a gzip copy of every file the build wrote, for the server to send as they are. */
const precompressed: Plugin = {
  name: 'precompressed',
  apply: 'build',
  closeBundle: () => precompressFiles(WEB_OUT_DIR),
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // The build fails when the first page load goes over its budget (web/first-load-budget.ts).
  plugins: [react(), firstLoadBudget(), precompressed],
  build: {
    outDir: WEB_OUT_DIR,
    emptyOutDir: true,
    // The CSP allows no inline script: keep Vite from inlining anything as a data: URL module.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  // `npx vite`: the client with hot reload, forwarding every path the server answers for it to the
  // server at VIDEO_SERVER, as the CLI names it (a key covers the paths below it: /graphql covers
  // GraphiQL's assets).
  server: { proxy: Object.fromEntries(SERVER_PATHS.map((path) => [path, API_SERVER])) },
});
