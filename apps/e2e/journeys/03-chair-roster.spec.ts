import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '03-chair-roster';

/**
 * The chair adds a member as vice-chair for a 2-year term and ends another member's term early;
 * the public committee page (signed out) and its history show exactly that.
 */
test('a chair adds a vice-chair for 2 years and ends a term; the public page and history show it', async ({
  page,
  portal,
  browser,
}) => {
  const today = new Date().toISOString().slice(0, 10);
  await signIn(page, 'chair@societas.test', 'societas-chair');
  await page.goto('/committees');
  await page.getByRole('link', { name: 'Membership Committee' }).first().click();
  await page.getByRole('tab', { name: /Manage roster/ }).click();
  const roster = page.getByRole('table', { name: 'Roster' });
  await expect(roster).toBeVisible();
  await shot(page, J, '01-roster');

  // Add: typeahead over members, role, start today, 2-year term.
  await page.getByRole('button', { name: 'Add member' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Member' }).fill('li');
  const option = page.getByRole('option').first();
  await expect(option).toBeVisible();
  const added = (await option.innerText()).split('\n')[0]!.split(' · ')[0]!.trim();
  await option.click();
  await dialog.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Vice-chair' }).click();
  await dialog.getByLabel('Starts on').fill(today);
  await dialog.getByRole('button', { name: '2 years' }).click();
  await shot(page, J, '02-add-vice-chair');
  await dialog.getByRole('button', { name: 'Add to roster' }).click();
  await expect(dialog).toBeHidden();
  await expect(roster.getByRole('row').filter({ hasText: added })).toContainText('Vice-chair');

  // End another current member's term early.
  const current = roster
    .locator('tbody tr')
    .filter({ hasText: /Current/i })
    .filter({ hasText: /^(?!.*Chair).*Member/ });
  const row = current.first();
  const ended = (await row.locator('td').first().innerText()).split('\n')[0]!.trim();
  await row.getByRole('button', { name: /Actions for/ }).click();
  await page.getByRole('menuitem', { name: 'End term early' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'End term' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await shot(page, J, '03-roster-after');

  // Stored exactly: the vice-chair's term runs two years; the ended term stops today or earlier.
  const { rows } = await portal.db.query<{
    name: string;
    role: string;
    starts_on: string;
    ends_on: string | null;
  }>(
    `SELECT u.name, t.role, t.starts_on::text, t.ends_on::text FROM committee_terms t
     JOIN users u ON u.id = t.user_id JOIN committees c ON c.id = t.committee_id
     WHERE c.name = 'Membership Committee' AND u.name IN ($1, $2) ORDER BY t.updated_at DESC`,
    [added, ended],
  );
  const vice = rows.find((r) => r.name === added && r.role === 'vice_chair')!;
  expect(vice.starts_on).toBe(today);
  const twoYears = new Date(`${today}T00:00:00Z`);
  twoYears.setUTCFullYear(twoYears.getUTCFullYear() + 2);
  expect(vice.ends_on).toBe(twoYears.toISOString().slice(0, 10));
  const endedTerm = rows.find((r) => r.name === ended)!;
  expect(endedTerm.ends_on! <= today).toBe(true);

  // The public page, signed out.
  const visitor = await browser.newPage({ baseURL: portal.baseUrl });
  await visitor.goto('/committees');
  await visitor.getByRole('link', { name: 'Membership Committee' }).first().click();
  const members = visitor.getByRole('table', { name: 'Current members' });
  await expect(members.getByRole('row').filter({ hasText: added })).toContainText('Vice-chair');
  await expect(members.getByRole('row').filter({ hasText: ended })).toHaveCount(0);
  await shot(visitor, J, '04-public-page');
  await visitor.getByRole('tab', { name: 'Past members' }).click();
  await expect(visitor.getByText(ended).first()).toBeVisible();
  await visitor.getByRole('tab', { name: 'History' }).click();
  const history = visitor.getByRole('table', { name: 'Roster history' });
  await expect(history.getByRole('row').filter({ hasText: added }).first()).toBeVisible();
  await expect(history.getByRole('row').filter({ hasText: ended }).first()).toBeVisible();
  await shot(visitor, J, '05-public-history');
  await visitor.close();
});
