import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '08-admin-publishes-spotlight';

/**
 * An admin turns a member's nomination into a story: draft, write it, send for review (the featured
 * member is mailed a preview link), publish; a signed-out visitor sees it first on the home page.
 */
test('an admin publishes a nominated spotlight and it appears on the home page', async ({
  page,
  browser,
  portal,
}) => {
  // The oldest nomination in the journey's copy of the seed, about a known member.
  const { rows } = await portal.db.query<{ id: string; title: string; name: string; email: string }>(
    `SELECT s.id, s.title, u.name, u.email FROM spotlights s JOIN users u ON u.id = s.member_user_id
     WHERE s.status = 'nominated' ORDER BY s.created_at, s.id LIMIT 1`,
  );
  const nomination = rows[0]!;
  const title = `${nomination.name}: from the bench to the clinic`;

  await signIn(page, 'admin@societas.test', 'societas-admin');
  await page.goto('/spotlights/manage?status=nominated');
  await page
    .getByRole('table', { name: 'Spotlights' })
    .getByRole('button', { name: nomination.title })
    .click();
  await expect(page.getByRole('heading', { name: nomination.title })).toBeVisible();
  await page.getByRole('button', { name: 'Move to draft' }).click();
  await expect(page.getByRole('button', { name: 'Send for review' })).toBeVisible();

  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Standfirst').fill('Twenty years of stem cell research, and what comes next.');
  await page.getByLabel('Story').fill('## Beginnings\n\nIt started with a **single cell**.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await shot(page, J, '01-draft');

  await page.getByRole('button', { name: 'Send for review' }).click();
  // In review: "Send for review" is no longer offered.
  await expect(page.getByRole('button', { name: 'Send for review' })).toHaveCount(0);
  const mail = await portal.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM email_outbox WHERE to_address = $1 AND kind = 'spotlight_preview'`,
    [nomination.email],
  );
  expect(mail.rows[0]!.n).toBe(1);

  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('link', { name: 'View' })).toBeVisible();
  await shot(page, J, '02-published');

  // Signed out, the home page's latest spotlights start with it.
  const visitor = await browser.newPage({ baseURL: portal.baseUrl });
  await visitor.goto('/');
  const latest = visitor.getByRole('region', { name: 'Latest spotlights' });
  await expect(latest.getByRole('link').first()).toHaveText(title);
  await shot(visitor, J, '03-home');
  await latest.getByRole('link', { name: title }).click();
  await expect(visitor.getByRole('heading', { name: title })).toBeVisible();
  await expect(visitor.getByText('single cell')).toBeVisible();
  await visitor.close();
});
