import type { Page } from '@playwright/test';
import { expect, signIn, test } from '../support/fixtures.js';
import { ADMIN_PAGES, detailPages, EMPLOYER_PAGES, MEMBER_PAGES, PUBLIC_PAGES } from '../support/pages.js';

/**
 * The portal works under its Content-Security-Policy (ADR 016): each page is served with the strict
 * policy, renders, and the browser reports no violation (the `context` fixture fails the journey on
 * any `securitypolicyviolation` event, e.g. an inline script, an eval, or a refused image or style).
 */
async function openUnderPolicy(page: Page, path: string) {
  const response = await page.goto(path);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy, `${path} is served with the policy`).toContain("script-src 'self'");
  expect(policy, path).not.toContain('unsafe-eval');
  await page.waitForLoadState('networkidle');
  await expect(page.locator('main')).toBeVisible();
  await expect(page.locator('main [aria-busy="true"], main .mantine-Loader-root')).toHaveCount(0);
}

test('every main page renders under the Content-Security-Policy with no violation', async ({
  page,
  portal,
}) => {
  for (const path of [...PUBLIC_PAGES, ...(await detailPages(portal))]) await openUnderPolicy(page, path);

  // Forms validate in the browser with the shared zod schemas: an empty sign-up shows field errors.
  await openUnderPolicy(page, '/sign-up');
  await page.getByRole('button', { name: /create account|sign up/i }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();

  await signIn(page, 'member@societas.test', 'societas-member');
  for (const path of MEMBER_PAGES) await openUnderPolicy(page, path);
  await page.context().clearCookies();
  await signIn(page, 'employer@societas.test', 'societas-employer');
  for (const path of EMPLOYER_PAGES) await openUnderPolicy(page, path);
  await page.context().clearCookies();
  await signIn(page, 'admin@societas.test', 'societas-admin');
  for (const path of ADMIN_PAGES) await openUnderPolicy(page, path);
});
