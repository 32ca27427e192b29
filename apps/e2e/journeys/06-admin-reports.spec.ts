import { readFileSync } from 'node:fs';
import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '06-admin-reports';

/**
 * An admin opens Reports on the demo data (every tile and chart filled), filters to lower-middle
 * income postdocs over the last 12 months, and downloads the expiring list as CSV (audited).
 */
test('an admin opens reports, filters, and downloads the expiring list as CSV', async ({ page, portal }) => {
  await signIn(page, 'admin@societas.test', 'societas-admin');
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(/\/admin\/reports/);

  const active = page.getByRole('group', { name: 'Active members' });
  await expect(active).toContainText(/\d/);
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(6);
  await shot(page, J, '01-reports');

  await page.getByRole('combobox', { name: 'Period' }).click();
  await page.getByRole('option', { name: 'Last 12 months' }).click();
  await page.getByRole('combobox', { name: 'Income band' }).click();
  await page.getByRole('option', { name: 'Lower-middle income' }).click();
  await expect(page).toHaveURL(/band=lower_middle/);
  await page.getByRole('combobox', { name: 'Career stage' }).click();
  await page.getByRole('option', { name: 'Postdoc', exact: true }).click();
  await expect(page).toHaveURL(/band=lower_middle/);
  await expect(page).toHaveURL(/careerStage=postdoc/);
  await expect(active).toContainText(/\d/);
  await shot(page, J, '02-filtered');

  await page.getByRole('tab', { name: 'Expiring' }).click();
  await page.getByText('90 days', { exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const file = await download.path();
  const csv = readFileSync(file, 'utf8');
  const header = csv.split(/\r?\n/)[0]!.toLowerCase();
  expect(header).toContain('email');
  await shot(page, J, '03-expiring-list');

  const { rows } = await portal.db.query<{ action: string }>(
    `SELECT action FROM audit_log WHERE action = 'reports.exported' ORDER BY created_at DESC LIMIT 1`,
  );
  expect(rows).toHaveLength(1);
});
