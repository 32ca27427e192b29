import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PUBLIC_URL, type TestApp } from '../harness.js';
import { makeEmployer, makeJob } from './factories.js';

/** The served HTML of /jobs/:id carries the JobPosting JSON-LD and social tags (crawlers run no JS). */
let app: TestApp;
const DAY = 86_400_000;
const webDist = mkdtempSync(join(tmpdir(), 'societas-web-'));
writeFileSync(
  join(webDist, 'index.html'),
  // Like the real index.html: a site-wide description, which a job page replaces with its own.
  '<!doctype html><html><head>\n    <meta name="description" content="Member portal." />\n    <title>Societas</title></head><body><div id="root"></div></body></html>',
);
// biome-ignore lint/suspicious/noExplicitAny: JSON-LD is read as loose JSON in assertions
type LdObject = Record<string, any>;

beforeAll(async () => {
  app = await startTestApp({ WEB_DIST_DIR: webDist });
});
afterAll(async () => {
  await app?.close();
});

const html = async (path: string) => {
  const res = await fetch(`${app.baseUrl}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  return res.text();
};
const ldScripts = (page: string) =>
  [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);

describe('job page HTML', () => {
  it('a visible listing: JobPosting JSON-LD with the required fields, escaped, and Open Graph tags', async () => {
    const employer = await makeEmployer(app, 'Lab "Quotes" & <Brackets>');
    const title = 'Postdoc </script><script>alert(1)</script> in organoids';
    const id = await makeJob(app, employer, {
      title,
      description_md: 'Build **organoids**. <!-- a comment --> More text.',
      position_type: 'postdoc',
      country_code: 'DE',
      city: 'Munich',
      salary_min: 50000,
      salary_max: 60000,
      salary_currency: 'EUR',
    });
    const page = await html(`/jobs/${id}`);
    const scripts = ldScripts(page);
    expect(scripts).toHaveLength(1);
    // Nothing inside can close the script or open a comment.
    expect(scripts[0]).not.toMatch(/[<>]/);
    expect(page).not.toContain('<script>alert(1)');
    const ld = JSON.parse(scripts[0]!) as LdObject;
    expect(ld).toMatchObject({
      '@context': 'https://schema.org/',
      '@type': 'JobPosting',
      title,
      hiringOrganization: { '@type': 'Organization', name: 'Lab "Quotes" & <Brackets>' },
      jobLocation: { '@type': 'Place', address: { addressLocality: 'Munich', addressCountry: 'DE' } },
      baseSalary: { currency: 'EUR', value: { minValue: 50000, maxValue: 60000 } },
      url: `${TEST_PUBLIC_URL}/jobs/${id}`,
    });
    expect(ld.description).toContain('<strong>organoids</strong>');
    expect(new Date(ld.datePosted).getTime()).toBeGreaterThan(Date.now() - 2 * DAY);
    expect(new Date(ld.validThrough).getTime()).toBeGreaterThan(Date.now());
    expect(page).toContain(
      '<meta property="og:title" content="Postdoc &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; in organoids — Lab &quot;Quotes&quot; &amp; &lt;Brackets&gt;" />',
    );
    expect(page).toContain(`<meta property="og:url" content="${TEST_PUBLIC_URL}/jobs/${id}" />`);
    expect(page).toContain('<meta property="og:image" content="https://example.org/logo.png" />');
    expect(page).toContain('<meta name="twitter:card"');
    expect(page).toContain('<div id="root">');
  });

  it('a visible listing has one meta description (its own) and a canonical link to its address', async () => {
    const employer = await makeEmployer(app, 'Canonical Lab');
    const id = await makeJob(app, employer, {
      title: 'Axolotl regeneration postdoc',
      description_md: 'Study **limb regeneration** in axolotls, with a friendly team of twelve.',
    });
    const page = await html(`/jobs/${id}`);
    const descriptions = [...page.matchAll(/<meta name="description" content="([^"]*)"/g)].map((m) => m[1]);
    expect(descriptions).toEqual(['Study limb regeneration in axolotls, with a friendly team of twelve.']);
    const canonical = [...page.matchAll(/<link rel="canonical" href="([^"]*)"/g)].map((m) => m[1]);
    expect(canonical).toEqual([`${TEST_PUBLIC_URL}/jobs/${id}`]);
    // Other pages keep the site-wide description and name no canonical address.
    const plain = await html('/jobs/00000000-0000-4000-8000-000000000000');
    expect([...plain.matchAll(/<meta name="description"/g)]).toHaveLength(1);
    expect(plain).toContain('content="Member portal."');
    expect(plain).not.toContain('rel="canonical"');
  });

  it('a listing whose closing date has passed is served without job data (no validThrough in the past)', async () => {
    const employer = await makeEmployer(app, 'Past Lab');
    const id = await makeJob(app, employer, {
      title: 'Closed-call role',
      closing_on: '2020-01-31',
      expires_at: new Date(Date.now() + 20 * DAY),
    });
    const page = await html(`/jobs/${id}`);
    expect(ldScripts(page)).toEqual([]);
    expect(page).not.toContain('Closed-call role');
  });

  it('unknown, draft, expired and malformed ids get the plain page with no job data', async () => {
    const employer = await makeEmployer(app, 'Quiet Lab');
    const draft = await makeJob(app, employer, { title: 'Secret draft role', status: 'draft' });
    const expired = await makeJob(app, employer, {
      title: 'Expired role',
      daysAgo: 40,
      expires_at: new Date(Date.now() - DAY),
    });
    for (const path of [
      '/jobs/00000000-0000-4000-8000-000000000000',
      `/jobs/${draft}`,
      `/jobs/${expired}`,
      '/jobs/not-a-uuid',
    ]) {
      const page = await html(path);
      expect(ldScripts(page)).toEqual([]);
      expect(page).not.toContain('og:title');
      expect(page).not.toContain('Secret draft role');
      expect(page).not.toContain('Expired role');
      expect(page).toContain('<div id="root">');
    }
  });
});
