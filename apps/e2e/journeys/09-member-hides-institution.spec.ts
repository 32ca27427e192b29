import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '09-member-hides-institution';

/**
 * The directory is for active members: a signed-out visitor is sent to sign in, a signed-in
 * non-member is told it is for members (with the way to join). A member hides their institution on
 * /account and another member's directory no longer shows it, nor finds them by it.
 */
test('a member hides their institution and it disappears from the directory', async ({
  page,
  browser,
  portal,
}) => {
  // Signed out: the sign-in page, coming back to the directory afterwards.
  await page.goto('/directory');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdirectory$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shot(page, J, '01-signed-out');

  // Signed in without a membership (the demo employer): what the directory is and how to join.
  await signIn(page, 'employer@societas.test', 'societas-employer');
  await page.goto('/directory');
  await expect(page.getByText('For members with an active membership')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Membership options' })).toHaveAttribute('href', '/membership');
  await shot(page, J, '02-not-a-member');
  await page.context().clearCookies();

  // The viewer (the demo chair, an active member) finds Morgan Member with their institution.
  await signIn(page, 'chair@societas.test', 'societas-chair');
  const searchByInstitution = async () => {
    await page.goto('/directory');
    await page.getByLabel('Institution').fill('University of Edinburgh');
    await page.getByRole('button', { name: 'Search' }).click();
    return page.getByRole('table', { name: 'Members' });
  };
  const before = await searchByInstitution();
  const morgan = before.getByRole('row').filter({ hasText: 'Morgan Member' });
  await expect(morgan).toContainText('University of Edinburgh');
  await shot(page, J, '03-directory-before');

  // Morgan hides their institution on /account.
  const own = await browser.newPage({ baseURL: portal.baseUrl });
  await signIn(own, 'member@societas.test', 'societas-member');
  await own.goto('/account');
  await own.getByRole('radiogroup', { name: 'Institution visibility' }).getByText('Hidden').click();
  await own.getByRole('button', { name: 'Save profile' }).click();
  await expect(own.getByText('Profile saved')).toBeVisible();
  await shot(own, J, '04-account-hidden');
  const { rows } = await portal.db.query<{ v: string }>(
    `SELECT p.visibility ->> 'institution' AS v FROM member_profiles p JOIN users u ON u.id = p.user_id
     WHERE u.email = 'member@societas.test'`,
  );
  expect(rows[0]!.v).toBe('hidden');
  await own.close();

  // The viewer no longer finds Morgan by that institution, and by name sees it "Not shown".
  const after = await searchByInstitution();
  await expect(after.getByRole('row').filter({ hasText: 'Morgan Member' })).toHaveCount(0);
  await page.goto('/directory');
  await page.getByLabel('Name').fill('Morgan Member');
  await page.getByRole('button', { name: 'Search' }).click();
  const byName = page
    .getByRole('table', { name: 'Members' })
    .getByRole('row')
    .filter({ hasText: 'Morgan Member' });
  await expect(byName).toContainText('Not shown');
  await expect(byName).not.toContainText('University of Edinburgh');
  await shot(page, J, '05-directory-after');
});
