import { expect, runTask, shot, signIn, test } from '../support/fixtures.js';

const J = '04-job-seeker';

/**
 * A job seeker searches, filters by country, opens a listing (with JSON-LD), and saves the search;
 * when an admin approves a new matching listing, the digest task mails it (seen in the dev mailbox).
 */
test('a job seeker finds a postdoc in Germany, saves the search, and gets a digest of a new match', async ({
  page,
  portal,
}) => {
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

  // An employer's new matching listing waits in review; an admin approves it.
  const fresh = `Postdoc in lung organoid engineering ${Date.now()}`;
  await portal.db.query(
    `INSERT INTO jobs (employer_id, employer_name, title, description_md, position_type, sector,
       country_code, city, workplace, status, apply_url)
     SELECT id, name, $1, 'A **postdoc** growing lung organoids on chips, in Dresden.', 'postdoc', 'academia',
       'DE', 'Dresden', 'on_site', 'pending_review', 'https://example.org/apply'
     FROM employers ORDER BY created_at LIMIT 1`,
    [fresh],
  );
  await page.context().clearCookies();
  await signIn(page, 'admin@societas.test', 'societas-admin');
  await page.goto('/admin/jobs');
  const card = page.getByRole('article').filter({ hasText: fresh });
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('article').filter({ hasText: fresh })).toHaveCount(0);

  // The hourly digest task runs (as the worker would); the saved search's digest lists the listing.
  const result = await runTask(portal, 'job-alert-digests');
  expect(Number(result.sent)).toBeGreaterThanOrEqual(1);
  const digest = await portal.db.query<{ subject: string }>(
    `SELECT subject FROM email_outbox
     WHERE kind = 'job_alert_digest' AND to_address = 'member@societas.test' AND text_body LIKE '%' || $1 || '%'`,
    [fresh],
  );
  expect(digest.rows).toHaveLength(1);
  await page.goto('/dev/mailbox');
  await page.getByRole('button', { name: digest.rows[0]!.subject }).first().click();
  const message = page.getByRole('article');
  await expect(message).toContainText(fresh);
  await expect(message).toContainText('member@societas.test');
  await expect(message).toContainText('/jobs/alerts/unsubscribe');
  await shot(page, J, '04-digest');
});
