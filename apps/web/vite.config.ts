import { constants } from 'node:zlib';
import { lingui } from '@lingui/vite-plugin';
import react from '@vitejs/plugin-react';
import { visualizer } from 'rollup-plugin-visualizer';
import { defineConfig, type PluginOption } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { linguiMacro } from './linguiMacro.ts';

const API_ORIGIN = 'http://127.0.0.1:3000';

const proxy = {
  '/trpc': API_ORIGIN,
  '/api': API_ORIGIN,
  '/health': API_ORIGIN,
  '/ready': API_ORIGIN,
  // Served by the API (Atom), not the SPA.
  '/jobs/feed.xml': API_ORIGIN,
};

const plugins: PluginOption[] = [
  linguiMacro(),
  react(),
  // `.po` catalogues imported as compiled messages; a missing translation fails the build (ADR 019).
  lingui({ failOnMissing: true, failOnCompileError: true }),
  // Every text file of the build also as .gz and .br (best levels: done once, at build time), so
  // the server sends them as they are (@fastify/static `preCompressed`, see ADR 017) instead of
  // compressing on each request. Files under 1 kB are not worth it.
  compression({
    algorithms: [
      defineAlgorithm('gzip', { level: 9 }),
      defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    ],
    threshold: 1024,
    logLevel: 'silent',
  }),
];
// `ANALYZE=1 npx vite build`: what each chunk is made of (gzipped sizes), in apps/web/bundle-stats.html.
if (process.env.ANALYZE) {
  plugins.push(visualizer({ filename: 'bundle-stats.html', gzipSize: true, brotliSize: true }));
}

export default defineConfig({
  plugins,
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
