import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPRESSION_THRESHOLD_BYTES,
  IMMUTABLE_CACHE_CONTROL,
  REVALIDATE_CACHE_CONTROL,
} from '../../src/http/web-delivery.js';
import { startTestApp, type TestApp } from '../harness.js';
import { makeEmployer, makeJob } from '../jobs/factories.js';

/**
 * Compression and caching as a browser meets them (ADR 017), on a web build laid out as Vite's
 * writes it: hashed files under assets/ with .br and .gz beside them (vite-plugin-compression2),
 * index.html (also precompressed) and an unhashed file in the root.
 */
const webDist = mkdtempSync(join(tmpdir(), 'societas-web-delivery-'));
const INDEX_HTML = `<!doctype html><html><head><title>Societas</title><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(100)}</body></html>`;
const SCRIPT = `export function greet(name){return "Hello, "+name;}\n`.repeat(200);
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg"/>';
function writeWithCompressed(path: string, text: string) {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text));
  writeFileSync(`${path}.gz`, gzipSync(text));
}
mkdirSync(join(webDist, 'assets'));
writeWithCompressed(join(webDist, 'index.html'), INDEX_HTML);
writeWithCompressed(join(webDist, 'assets', 'index-AbC123.js'), SCRIPT);
writeFileSync(join(webDist, 'favicon.svg'), FAVICON);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ WEB_DIST_DIR: webDist });
});
afterAll(async () => {
  await app?.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes on the wire, not decoded (fetch would decompress and hide what was sent). */
  body: Buffer;
}
function get(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${app.baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
const decode = (res: RawResponse) =>
  res.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(res.body).toString()
    : res.headers['content-encoding'] === 'gzip'
      ? gunzipSync(res.body).toString()
      : res.body.toString();

describe('hashed assets', () => {
  it('brotli when accepted: the precompressed file, immutable for a year, varying on Accept-Encoding', async () => {
    const res = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.body.length).toBeLessThan(SCRIPT.length / 10);
    expect(decode(res)).toBe(SCRIPT);
  });

  it('gzip for a client without brotli, the plain file for one without either', async () => {
    const gz = await get('/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(decode(gz)).toBe(SCRIPT);
    const plain = await get('/assets/index-AbC123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('a hashed file that does not exist is a 404, not the HTML page', async () => {
    const res = await get('/assets/index-Old999.js', { 'accept-encoding': 'br' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('index.html and the SPA fallback', () => {
  it('/ and any app route: index.html, brotli, no-cache, and a 304 on revalidation', async () => {
    for (const path of ['/', '/jobs', '/admin/reports']) {
      const res = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toMatch(/^text\/html/);
      expect(res.headers['content-encoding'], path).toBe('br');
      expect(res.headers['cache-control'], path).toBe(REVALIDATE_CACHE_CONTROL);
      expect(decode(res), path).toBe(INDEX_HTML);
    }
    const first = await get('/', { 'accept-encoding': 'br' });
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('unhashed files in the root are revalidated too (no-cache)', async () => {
    const res = await get('/favicon.svg', { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe(REVALIDATE_CACHE_CONTROL);
    expect(decode(res)).toBe(FAVICON);
  });

  it('the server-rendered page HTML (social meta) is compressed on the fly, no-cache', async () => {
    const id = await makeJob(app, await makeEmployer(app, 'Delivery Lab'), { title: 'Organoid postdoc' });
    for (const encoding of ['br', 'gzip'] as const) {
      const res = await get(`/jobs/${id}`, { 'accept-encoding': encoding });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['cache-control']).toBe(REVALIDATE_CACHE_CONTROL);
      expect(decode(res)).toContain('Organoid postdoc');
    }
  });
});

describe('API responses', () => {
  it('tRPC JSON above the threshold is compressed on the fly (br, then gzip); a small reply is not', async () => {
    const employer = await makeEmployer(app, 'Compression Institute');
    for (let i = 0; i < 8; i++) {
      await makeJob(app, employer, {
        title: `Staff scientist ${i} in stem cell biology and tissue engineering`,
      });
    }
    const path = `/trpc/jobs.search?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`;
    const plain = await get(path, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES);

    const br = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(decode(br))).toEqual(JSON.parse(plain.body.toString()));

    const gz = await get(path, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(gz))).toEqual(JSON.parse(plain.body.toString()));

    // A small buffered reply is sent as it is. (tRPC's adapter streams its answers, so their size is
    // not known up front and even small ones are compressed.)
    const small = await get('/health', { 'accept-encoding': 'br' });
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThan(COMPRESSION_THRESHOLD_BYTES);
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
