import { readFileSync } from 'node:fs';
import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '03-chair-roster';

/**
 * The chair adds a member as vice-chair for a 2-year term, ends another member's term early and
 * exports the roster; the CSV, the public committee page (signed out) and its history show exactly that.
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
  // The member picker's suggestions (the header's language <select> has options too).
  const option = page.getByRole('listbox').getByRole('option').first();
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

  // End another current member's term early: a seeded member of the committee (role Member, current),
  // the first by name, chosen from the journey's own copy of the seed.
  const seeded = await portal.db.query<{ name: string }>(
    `SELECT u.name FROM committee_terms t
     JOIN users u ON u.id = t.user_id JOIN committees c ON c.id = t.committee_id
     WHERE c.name = 'Membership Committee' AND t.role = 'member'
       AND t.starts_on <= current_date AND (t.ends_on IS NULL OR t.ends_on > current_date)
       AND u.name <> $1
     ORDER BY u.name LIMIT 1`,
    [added],
  );
  const ended = seeded.rows[0]!.name;
  const row = roster
    .locator('tbody tr')
    .filter({ hasText: ended })
    .filter({ hasText: /Current/i });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: /Actions for/ }).click();
  await page.getByRole('menuitem', { name: 'End term early' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'End term' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await shot(page, J, '03-roster-after');

  // Export the roster: the CSV has the header and the new vice-chair's row.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^membership-committee-roster-\d{4}-\d{2}-\d{2}\.csv$/);
  // UTF-8 with a byte order mark (so Excel reads accented names), statuses as words.
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const csv = text.slice(1).split(/\r?\n/);
  expect(csv[0]).toBe('Name,Email,Role,Starts on,Ends on,Term status,Membership,Notes');
  const twoYearsOn = new Date(`${today}T00:00:00Z`);
  twoYearsOn.setUTCFullYear(twoYearsOn.getUTCFullYear() + 2);
  const viceRows = csv.filter((line) => line.startsWith(`${added},`) && line.includes(',Vice-chair,'));
  expect(viceRows).toHaveLength(1);
  expect(viceRows[0]).toContain(`,Vice-chair,${today},${twoYearsOn.toISOString().slice(0, 10)},Current,`);
  expect(
    csv.filter((line) => line.startsWith(`${ended},`) && line.includes(`,${today},Ended,`)),
  ).toHaveLength(1);

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
  // Exactly the two changes, newest first: the ended term, then the new vice-chair.
  const history = visitor.getByRole('table', { name: 'Roster history' });
  const changes = history.locator('tbody tr');
  await expect(changes).toHaveCount(2);
  await expect(changes.nth(0)).toContainText('Term ended early');
  await expect(changes.nth(0)).toContainText(`${ended}: term`);
  await expect(changes.nth(1)).toContainText('Added to the roster');
  await expect(changes.nth(1)).toContainText(`${added}: Vice-chair`);
  const chair = await portal.db.query<{ name: string }>(
    `SELECT name FROM users WHERE email = 'chair@societas.test'`,
  );
  for (const i of [0, 1]) await expect(changes.nth(i)).toContainText(chair.rows[0]!.name);
  await shot(visitor, J, '05-public-history');
  await visitor.close();
});
