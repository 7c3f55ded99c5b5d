import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where the built client goes; server/web-client.ts serves it from there. */
const WEB_OUT_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: WEB_OUT_DIR,
    emptyOutDir: true,
    // The CSP allows no inline script: keep Vite from inlining anything as a data: URL module.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/media': 'http://127.0.0.1:4000' } },
});
