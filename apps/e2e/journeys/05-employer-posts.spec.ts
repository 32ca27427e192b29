import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '05-employer-posts';

/** An employer posts a listing and pays on the local checkout; an admin approves; it is public. */
test('an employer posts and pays, an admin approves, and the listing is public', async ({
  page,
  portal,
  browser,
}) => {
  const title = `Postdoc in kidney organoid maturation ${Date.now()}`;
  await signIn(page, 'employer@societas.test', 'societas-employer');
  await page.goto('/employer');
  await expect(page.getByRole('heading', { name: 'Employer dashboard' })).toBeVisible();
  await page.getByRole('link', { name: 'New listing' }).click();
  await page.getByLabel('Job title').fill(title);
  await page
    .getByLabel('Description')
    .fill(
      '## About the role\n\nWe grow **kidney organoids** and study their maturation.\n\n- Organoid culture\n- Imaging',
    );
  await page.getByRole('combobox', { name: /^Country/ }).fill('Germ');
  await page.getByRole('option', { name: 'Germany' }).click();
  await page.getByLabel('City').fill('Heidelberg');

  // A javascript: link is refused next to its field.
  await page.getByLabel('Application link').fill('javascript:alert(1)');
  await page.getByRole('button', { name: /Save draft/ }).click();
  await expect(
    page
      .getByText(/http|https|link/i)
      .filter({ hasNotText: 'Application link' })
      .first(),
  ).toBeVisible();
  await page.getByLabel('Application link').fill('https://example.org/apply');
  await page.getByRole('button', { name: /Save draft/ }).click();
  await expect(page).toHaveURL(/employer\/listings\/[0-9a-f-]{36}/);
  await shot(page, J, '01-draft');

  await page.getByRole('radio', { name: /Standard/ }).check();
  await page.getByRole('button', { name: 'Pay and send for review' }).click();
  await expect(page.getByText('TEST MODE')).toBeVisible();
  await shot(page, J, '02-local-checkout');
  await page.getByRole('button', { name: /^Pay/ }).click();
  await expect(page).toHaveURL(/employer\/checkout\/return/);
  await expect(page.getByText(/payment received/i).first()).toBeVisible();
  await shot(page, J, '03-paid');

  // Not public before review.
  const visitor = await browser.newPage({ baseURL: portal.baseUrl });
  await visitor.goto(`/jobs?q=${encodeURIComponent('kidney organoid maturation')}`);
  await expect(visitor.getByText(/\d+ jobs?/).first()).toBeVisible();
  await expect(visitor.getByText(title)).toHaveCount(0);

  // An admin approves it.
  await page.context().clearCookies();
  await signIn(page, 'admin@societas.test', 'societas-admin');
  await page.goto('/admin/jobs');
  const card = page.getByRole('article').filter({ hasText: title });
  await expect(card).toBeVisible();
  await shot(page, J, '04-moderation');
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('article').filter({ hasText: title })).toHaveCount(0);

  // Now public, with a 30-day run.
  await visitor.reload();
  await expect(visitor.getByText(title).first()).toBeVisible();
  await shot(visitor, J, '05-public');
  const { rows } = await portal.db.query<{ status: string; days: number }>(
    `SELECT status, round(extract(epoch FROM expires_at - published_at) / 86400)::int AS days FROM jobs WHERE title = $1`,
    [title],
  );
  expect(rows).toEqual([{ status: 'published', days: 30 }]);
  await visitor.close();
});
