import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API_ORIGIN = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/trpc': API_ORIGIN,
      '/api': API_ORIGIN,
      '/health': API_ORIGIN,
      '/ready': API_ORIGIN,
      // Served by the API (Atom), not the SPA.
      '/jobs/feed.xml': API_ORIGIN,
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/trpc': API_ORIGIN,
      '/api': API_ORIGIN,
      '/health': API_ORIGIN,
      '/ready': API_ORIGIN,
      // Served by the API (Atom), not the SPA.
      '/jobs/feed.xml': API_ORIGIN,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
