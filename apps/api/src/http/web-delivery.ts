import { relative, sep } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * How the web app reaches a browser (ADR 017): compressed, and cached as long as its files allow.
 *
 * - Static files: the build writes `.br` and `.gz` beside every text asset (vite-plugin-compression2),
 *   and @fastify/static sends the one the request accepts (`preCompressed`), no work per request.
 * - Dynamic responses (tRPC JSON, the HTML with social meta, CSV, the Atom feed): compressed on the
 *   fly by @fastify/compress above 1 kB, brotli at quality 4 (11 costs ~10x the CPU for a few %).
 * - Caching: files under /assets/ carry a content hash in their name, so they never change
 *   (`immutable`, a year); index.html and everything else is revalidated on every load (`no-cache`,
 *   answered 304 through ETag / Last-Modified), so a deploy is seen at once.
 */

export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** For HTML and unhashed files: may be stored, but asked about again before each use. */
export const REVALIDATE_CACHE_CONTROL = 'no-cache';
/** Responses smaller than this are sent as they are (compression would not pay for itself). */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * On-the-fly compression for every route registered after this call (it hooks onRoute), so call it
 * before the API routes.
 */
export async function registerResponseCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    // Request bodies stay as sent: no client compresses them, and the Stripe webhook verifies the
    // raw bytes.
    globalDecompression: false,
  });
}

/**
 * The built web app from `webDist`: its files with the cache rules above, and the SPA fallback
 * (index.html for any other GET that is not an API path; react-router shows its 404).
 */
export async function registerWebApp(app: FastifyInstance, webDist: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    index: false,
    preCompressed: true,
    setHeaders(reply, path) {
      const hashed = relative(webDist, path).startsWith(`assets${sep}`);
      reply.header('cache-control', hashed ? IMMUTABLE_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL);
    },
  });
  app.setNotFoundHandler((req, reply) => {
    const isApi = /^\/(trpc|api|health|ready)(\/|$)/.test(req.url);
    // A hashed file that is not there (an old build's chunk) is a 404, never the HTML page, which
    // the browser would try to run as a script.
    const isAsset = req.url.startsWith('/assets/');
    if (req.method === 'GET' && !isApi && !isAsset) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return reply.code(404).send({ error: 'Not found.' });
  });
}
