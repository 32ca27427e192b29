import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '02-renew-in-window';

/**
 * A member in the renewal window renews for two years on the local checkout; the new end date is
 * exactly two years after the old one (an early renewal extends from the current end).
 */
test('a member in the renewal window renews for 2 years; the end moves by exactly 2 years', async ({
  page,
  portal,
}) => {
  // A demo member on a Regular plan whose membership ends within the next 60 days.
  const { rows } = await portal.db.query<{ id: string; email: string; ends_at: Date }>(`
    SELECT u.id, u.email, max(e.ends_at) AS ends_at
    FROM users u
    JOIN membership_events e ON e.user_id = u.id
    JOIN plans p ON p.id = e.plan_id
    WHERE u.id LIKE 'seed-user-0%'
      AND NOT EXISTS (SELECT 1 FROM stripe_subscriptions s WHERE s.user_id = u.id)
    GROUP BY u.id, u.email
    HAVING bool_and(e.kind IN ('joined', 'renewed')) AND bool_and(p.code = 'regular')
       AND max(e.ends_at) BETWEEN now() + interval '5 days' AND now() + interval '55 days'
    ORDER BY u.id
    LIMIT 1`);
  expect(rows, 'the demo seed has a Regular member in the renewal window').toHaveLength(1);
  const member = rows[0]!;
  const oldEnd = new Date(member.ends_at);

  await signIn(page, member.email, 'societas-member');
  await page.goto('/membership');
  await expect(page.getByText(/renew/i).first()).toBeVisible();
  await shot(page, J, '01-renewal-window');

  await page.getByRole('link', { name: /renew/i }).first().click();
  await expect(page).toHaveURL(/\/membership\/join/);
  await page.getByRole('radio', { name: 'Regular' }).check();
  await page.getByText(/^2 years/).click();
  await expect(page.getByText(/it starts when your current one ends/)).toBeVisible();
  await shot(page, J, '02-renew-2-years');
  await page.getByRole('button', { name: /continue to payment/i }).click();

  await expect(page.getByText('TEST MODE')).toBeVisible();
  await page.getByRole('button', { name: /^Pay/ }).click();
  await expect(page.getByRole('heading', { name: /payment is confirmed/i })).toBeVisible();
  await shot(page, J, '03-confirmed');

  const expectedEnd = new Date(oldEnd);
  expectedEnd.setUTCFullYear(expectedEnd.getUTCFullYear() + 2);
  const { rows: renewal } = await portal.db.query<{ starts_at: Date; ends_at: Date; term_years: number }>(
    `SELECT starts_at, ends_at, term_years FROM membership_events
     WHERE user_id = $1 AND kind = 'renewed' ORDER BY id DESC LIMIT 1`,
    [member.id],
  );
  expect(renewal[0]!.term_years).toBe(2);
  expect(new Date(renewal[0]!.starts_at).toISOString()).toBe(oldEnd.toISOString());
  expect(new Date(renewal[0]!.ends_at).toISOString()).toBe(expectedEnd.toISOString());

  // The page writes the term's UTC day in the browser's own date style (apps/web/src/lib/format.ts).
  const shown = await page.evaluate(
    (iso) =>
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)),
    expectedEnd.toISOString(),
  );
  await page.goto('/membership');
  await expect(page.getByText(`active until ${shown}`)).toBeVisible();
  await shot(page, J, '04-membership-extended');
});
