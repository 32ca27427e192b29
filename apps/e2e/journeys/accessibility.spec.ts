import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { shot, signIn, test } from '../support/fixtures.js';
import { ADMIN_PAGES, detailPages, EMPLOYER_PAGES, MEMBER_PAGES, PUBLIC_PAGES } from '../support/pages.js';

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
  for (const path of [...PUBLIC_PAGES, ...(await detailPages(portal))])
    found.push(...(await seriousViolations(page, path)));
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
