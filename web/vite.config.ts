import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { precompressFiles } from './precompress.js';

/** Where the built client goes; server/routes/web-client.ts serves it from there. */
const WEB_OUT_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));

/** A brotli and a gzip copy of every file the build wrote, for the server to send as they are. */
const precompressed: Plugin = {
  name: 'precompressed',
  apply: 'build',
  closeBundle: () => precompressFiles(WEB_OUT_DIR),
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), precompressed],
  build: {
    outDir: WEB_OUT_DIR,
    emptyOutDir: true,
    // The CSP allows no inline script: keep Vite from inlining anything as a data: URL module.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/media': 'http://127.0.0.1:4000' } },
});
