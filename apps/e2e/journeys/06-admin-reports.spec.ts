import { readFileSync } from 'node:fs';
import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '06-admin-reports';

const KPIS = [
  'Active members',
  'New members',
  'Renewals',
  'Renewal rate',
  'Lapsed',
  'Membership revenue',
  'Job board revenue',
  'Total revenue',
  'In renewal window',
  'In grace',
  'Live job listings',
];
const CHARTS = [
  'Active members by plan',
  'Revenue by month',
  'Members by country',
  'Renewal rate',
  'Trainee to regular',
  'Failed-payment recovery',
];

/** The current month in UTC as the page writes it into the URL ("2026-11"). */
function thisMonth() {
  const now = new Date();
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Splits one CSV line on the commas outside quotes. */
function cells(line: string) {
  return line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((c) => c.replace(/^"|"$/g, '').replace(/""/g, '"'));
}

/**
 * An admin opens Reports on the demo data (every tile and chart filled), filters to lower-middle
 * income postdocs over the last 12 months, and downloads the expiring list as CSV (audited).
 */
test('an admin opens reports, filters, and downloads the expiring list as CSV', async ({ page, portal }) => {
  await signIn(page, 'admin@societas.test', 'societas-admin');
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(/\/admin\/reports/);

  // Every KPI tile shows a figure (digits, not the "—" of no data).
  for (const label of KPIS) {
    const figure = page.getByRole('group', { name: label, exact: true }).locator('p').nth(1);
    await expect(figure, label).toHaveText(/^[^—]*\d[^—]*$/);
  }
  // Every chart is drawn with data: a chart with bars or areas, and no empty-state text.
  for (const title of CHARTS) {
    const section = page.getByRole('region', { name: title, exact: true });
    await expect(section.locator('.recharts-surface').first(), title).toBeVisible();
    await expect(
      section.locator('.recharts-bar-rectangle, .recharts-area-area').first(),
      `${title} has data`,
    ).toBeAttached();
    await expect(section.getByText(/^No (data|terms came due|failed payments)/), title).toHaveCount(0);
  }
  // The cohort table has rows.
  const cohorts = page.getByRole('table', { name: 'Cohort retention' }).locator('tbody tr');
  await expect(cohorts.first()).toBeVisible();
  expect(await cohorts.count()).toBeGreaterThanOrEqual(12);
  const activeFigure = page.getByRole('group', { name: 'Active members', exact: true }).locator('p').nth(1);
  const activeBefore = (await activeFigure.textContent())!;
  await shot(page, J, '01-reports');

  // Filter: the last 12 months (picked as a preset, so the URL holds it), lower-middle income, postdoc.
  await page.getByRole('combobox', { name: 'Period' }).click();
  await page.getByRole('option', { name: 'Last 24 months' }).click();
  // Wait for each choice to reach the URL: picking the next one before the select shows the first
  // would pick the value it still shows, which changes nothing.
  await expect(page).toHaveURL(/[?&]from=\d{4}-\d{2}/);
  await expect(page.getByRole('combobox', { name: 'Period' })).toHaveValue('Last 24 months');
  await page.getByRole('combobox', { name: 'Period' }).click();
  await page.getByRole('option', { name: 'Last 12 months' }).click();
  await expect(page.getByRole('combobox', { name: 'Period' })).toHaveValue('Last 12 months');
  await expect(page).toHaveURL(new RegExp(`[?&]to=${thisMonth()}`));
  await page.getByRole('combobox', { name: 'Income band' }).click();
  await page.getByRole('option', { name: 'Lower-middle income' }).click();
  await expect(page).toHaveURL(/band=lower_middle/);
  await page.getByRole('combobox', { name: 'Career stage' }).click();
  await page.getByRole('option', { name: 'Postdoc', exact: true }).click();
  await expect(page).toHaveURL(/careerStage=postdoc/);
  const params = new URL(page.url()).searchParams;
  expect(params.get('band')).toBe('lower_middle');
  expect(params.get('careerStage')).toBe('postdoc');
  expect(params.get('to')).toBe(thisMonth());
  expect(params.get('from')).toMatch(/^\d{4}-\d{2}$/);
  // The figures follow the filters: fewer active members than the whole society.
  await expect(activeFigure).not.toHaveText(activeBefore);
  await expect(activeFigure).toHaveText(/\d/);
  await shot(page, J, '02-filtered');

  await page.getByRole('tab', { name: 'Expiring' }).click();
  await page.getByText('90 days', { exact: true }).click();
  // The link follows the choice once the URL has it (the router updates it after the click).
  const downloadLink = page.getByRole('link', { name: 'Download CSV' });
  await expect(downloadLink).toHaveAttribute('href', /days=90/);
  const [download] = await Promise.all([page.waitForEvent('download'), downloadLink.click()]);
  const bytes = readFileSync(await download.path());
  // UTF-8 with a byte order mark (Excel reads accented names right).
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
  const columns = cells(header!);
  expect(columns).toContain('Email');
  const band = columns.indexOf('Income band');
  const stage = columns.indexOf('Career stage');
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const c = cells(row);
    expect(c[band], row).toBe('lower_middle');
    expect(c[stage], row).toBe('postdoc');
  }
  await shot(page, J, '03-expiring-list');

  const { rows: audit } = await portal.db.query<{
    action: string;
    after: { filters: Record<string, string> };
  }>(
    `SELECT action, after FROM audit_log WHERE action = 'reports.exported' ORDER BY created_at DESC LIMIT 1`,
  );
  expect(audit).toHaveLength(1);
  expect(audit[0]!.after.filters).toMatchObject({ band: 'lower_middle', careerStage: 'postdoc' });
});
