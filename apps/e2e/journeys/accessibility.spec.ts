import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { shot, signIn, test } from '../support/fixtures.js';

/** Pages a visitor, a member and an admin reach from the main navigation. */
const PUBLIC_PAGES = [
  '/',
  '/membership',
  '/committees',
  '/committees/membership-committee',
  '/spotlights',
  '/jobs',
  '/sign-in',
  '/sign-up',
  '/forgot-password',
  // Opened from the mails: without a token each explains what went wrong.
  '/reset-password',
  '/verify-email',
  '/dev/mailbox',
  '/no-such-page',
];
const MEMBER_PAGES = [
  '/membership',
  '/membership/join',
  '/membership/card',
  '/account',
  '/directory',
  '/jobs/alerts',
];
const EMPLOYER_PAGES = ['/employer', '/employer/listings/new'];
const ADMIN_PAGES = ['/admin', '/admin/membership', '/admin/jobs', '/admin/reports', '/spotlights/manage'];

async function seriousViolations(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  // Content has rendered (no loader left in the main region).
  await expect(page.locator('main [aria-busy="true"], main .mantine-Loader-root')).toHaveCount(0);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

test('axe: no serious or critical violations on the main pages', async ({ page, portal }) => {
  const found: string[] = [];
  const { rows } = await portal.db.query<{ id: string; slug: string | null }>(`
    SELECT (SELECT id::text FROM jobs WHERE status = 'published' AND expires_at > now() ORDER BY published_at DESC LIMIT 1) AS id,
           (SELECT slug FROM spotlights WHERE status = 'published' AND publish_at <= now() ORDER BY publish_at DESC LIMIT 1) AS slug`);
  const detailPages = [`/jobs/${rows[0]!.id}`, ...(rows[0]!.slug ? [`/spotlights/${rows[0]!.slug}`] : [])];
  for (const path of [...PUBLIC_PAGES, ...detailPages]) found.push(...(await seriousViolations(page, path)));
  await signIn(page, 'member@societas.test', 'societas-member');
  for (const path of MEMBER_PAGES) found.push(...(await seriousViolations(page, path)));
  await page.context().clearCookies();
  await signIn(page, 'employer@societas.test', 'societas-employer');
  for (const path of EMPLOYER_PAGES) found.push(...(await seriousViolations(page, path)));
  await page.context().clearCookies();
  await signIn(page, 'admin@societas.test', 'societas-admin');
  for (const path of ADMIN_PAGES) found.push(...(await seriousViolations(page, path)));
  await shot(page, 'accessibility', 'last-page');
  expect(found).toEqual([]);
});
