import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '04-job-seeker';

/** A job seeker searches, filters by country, opens a listing (with JSON-LD), and saves the search. */
test('a job seeker finds a postdoc in Germany, opens it, and saves the search', async ({ page, portal }) => {
  await page.goto('/jobs');
  await expect(page.getByText(/\d+ jobs?/).first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Search jobs' }).fill('organoid postdoc');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/q=organoid/);
  await page.getByRole('checkbox', { name: /Germany/ }).click();
  await expect(page).toHaveURL(/country=DE/);
  const results = page.getByRole('article');
  await expect(results.first()).toBeVisible();
  await shot(page, J, '01-search-germany');

  // Every result is in Germany, and the count matches the database.
  const { rows } = await portal.db.query<{ n: number }>(`
    SELECT count(*)::int AS n FROM jobs
    WHERE status = 'published' AND expires_at > now() AND country_code = 'DE'
      AND search @@ websearch_to_tsquery('english', 'organoid postdoc')`);
  expect(rows[0]!.n).toBeGreaterThan(0);
  await expect(page.getByText(new RegExp(`^${rows[0]!.n} jobs?`)).first()).toBeVisible();

  const first = results.first().getByRole('link').first();
  const title = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(jsonLd).toMatchObject({ '@type': 'JobPosting', title });
  expect(jsonLd.hiringOrganization?.name).toBeTruthy();
  await expect(page.getByText(/Germany/).first()).toBeVisible();
  await shot(page, J, '02-job-page');

  // Saving the search needs an account.
  await signIn(page, 'member@societas.test', 'societas-member');
  await page.goto('/jobs?q=organoid+postdoc&country=DE');
  await page.getByRole('button', { name: 'Save this search' }).click();
  await page.getByRole('radio', { name: 'Daily' }).check();
  await page.getByRole('button', { name: 'Save search' }).click();
  await expect(page.getByText('Search saved')).toBeVisible();
  await page.goto('/jobs/alerts');
  await expect(page.getByRole('heading', { name: 'Saved job searches' })).toBeVisible();
  await expect(page.getByText(/organoid postdoc/).first()).toBeVisible();
  await shot(page, J, '03-saved-searches');
});
