import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer built for a browser (the loopback door serves dist-web/). The Electron build of
// the same renderer is the `renderer` section of electron.vite.config.ts.
export default defineConfig({
  root: resolve(__dirname),
  base: './',
  plugins: [react()],
  build: { outDir: resolve(__dirname, '../dist-web'), emptyOutDir: true, chunkSizeWarningLimit: 4000 },
});
