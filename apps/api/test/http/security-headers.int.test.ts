import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS_POLICY } from '../../src/http/security-headers.js';
import { startTestApp, type TestApp } from '../harness.js';
import { makeEmployer, makeJob } from '../jobs/factories.js';

/**
 * The security headers (ADR 016) on each kind of response: the SPA's HTML, a server-rendered job
 * page, the API and the Atom feed; HSTS only in production served over https.
 */
const webDist = mkdtempSync(join(tmpdir(), 'societas-security-headers-'));
writeFileSync(
  join(webDist, 'index.html'),
  '<!doctype html><html><head><title>Societas</title><script type="module" src="/assets/index-AbC.js"></script></head><body><div id="root"></div></body></html>',
);

/** The CSP header as a map of directive -> sources. */
function directives(header: string | null): Map<string, string[]> {
  expect(header, 'Content-Security-Policy header').toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectStrictPolicy(res: Response) {
  const csp = directives(res.headers.get('content-security-policy'));
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'self'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  // Mantine's CSS variables and style attributes; never for scripts.
  expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
  expect(res.headers.get('permissions-policy')).toBe(PERMISSIONS_POLICY);
  expect(res.headers.get('permissions-policy')).toContain('camera=()');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
}

describe('security headers outside production', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ WEB_DIST_DIR: webDist });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the SPA HTML (index and its fallback) carries the strict policy', async () => {
    for (const path of ['/', '/membership', '/no/such/page']) {
      const res = await fetch(`${app.baseUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expectStrictPolicy(res);
      // Plain http here: a browser would keep refusing http for this host for a year.
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
      expect(directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(
        false,
      );
    }
  });

  it('a server-rendered job page with its JSON-LD carries the same policy', async () => {
    const employer = await makeEmployer(app);
    const id = await makeJob(app, employer, { title: 'Postdoc in organoids' });
    const res = await fetch(`${app.baseUrl}/jobs/${id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('application/ld+json');
    expectStrictPolicy(res);
  });

  it('API answers (tRPC, health) and the Atom feed carry the headers too', async () => {
    const trpc = await fetch(`${app.baseUrl}/trpc/auth.session`);
    expect(trpc.status).toBe(200);
    expectStrictPolicy(trpc);
    expectStrictPolicy(await fetch(`${app.baseUrl}/health`));
    const feed = await fetch(`${app.baseUrl}/jobs/feed.xml`);
    expect(feed.status).toBe(200);
    expectStrictPolicy(feed);
  });
});

/** A production server at `publicUrl`, and what it says about https on each kind of answer. */
function productionAt(publicUrl: string, expected: { hsts: string | null; upgrade: boolean }) {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      WEB_DIST_DIR: webDist,
      NODE_ENV: 'production',
      PAYMENTS: 'off',
      PUBLIC_URL: publicUrl,
    });
  });
  afterAll(async () => {
    await app?.close();
  });
  return async () => {
    for (const path of ['/', '/health', '/trpc/auth.session']) {
      const res = await fetch(`${app.baseUrl}${path}`);
      expect(res.headers.get('strict-transport-security'), path).toBe(expected.hsts);
      expectStrictPolicy(res);
      expect(directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(
        expected.upgrade,
      );
    }
  };
}

describe('security headers in production', () => {
  it(
    'HSTS for a year with subdomains, and insecure addresses upgraded',
    productionAt('https://members.example.org', {
      hsts: 'max-age=31536000; includeSubDomains',
      upgrade: true,
    }),
  );
});

describe('security headers in production on http://localhost (the compose stack behind infra/nginx.conf)', () => {
  it(
    'the same policy, but no HSTS and no upgrade of its own http:// addresses',
    productionAt('http://localhost:8080', { hsts: null, upgrade: false }),
  );
});
