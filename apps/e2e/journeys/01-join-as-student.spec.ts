import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '01-join-as-student';

/**
 * A visitor joins as a student from a lower-middle income country (India), pays on the local
 * test-mode checkout, and sees an active membership, its receipt and the member card; an admin
 * then refunds the payment and sees it in the member's ledger.
 */
test('a visitor joins as a student, pays on the local checkout, gets receipt and card; an admin refunds', async ({
  page,
  portal,
}) => {
  const email = `priya.e2e.${Date.now()}@example.org`;
  const password = 'a long enough passphrase';

  // Sign up, then verify through the dev mailbox.
  await page.goto('/sign-up');
  await page.getByLabel('Full name').fill('Priya Raman');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: /create account|sign up/i }).click();
  await expect(page.getByText(`We sent a verification link to`)).toBeVisible();
  await shot(page, J, '01-signed-up');

  await page.goto('/dev/mailbox');
  const message = page.getByRole('article').filter({ hasText: email }).first();
  await expect(message).toBeVisible();
  await message
    .getByRole('link', { name: /verify-email/ })
    .first()
    .click();
  await expect(page.getByText(/verified/i).first()).toBeVisible();
  await shot(page, J, '02-verified');

  // Verifying signs the new member in; they complete their profile with their country of work.
  await expect(page.getByRole('button', { name: /Priya Raman/ })).toBeVisible();
  await page.getByRole('link', { name: 'Complete your profile' }).click();
  await expect(page).toHaveURL(/\/account/);
  await page.getByRole('textbox', { name: 'Institution' }).fill('Indian Institute of Science');
  await page.getByRole('combobox', { name: 'Country of work' }).fill('India');
  await page.getByRole('option', { name: 'India', exact: true }).click();
  await page.getByRole('combobox', { name: 'Career stage' }).click();
  await page
    .getByRole('option', { name: /student/i })
    .first()
    .click();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText(/saved/i).first()).toBeVisible();

  // Join: the student price and the reason for it.
  await page.goto('/membership/join');
  await page.getByRole('radio', { name: 'Student' }).check();
  await expect(page.getByText('Lower-middle income country: 60% off').first()).toBeVisible();
  await shot(page, J, '03-join');
  await page.getByRole('button', { name: /continue to payment/i }).click();

  // The local test-mode checkout.
  await expect(page.getByText('TEST MODE')).toBeVisible();
  await shot(page, J, '04-local-checkout');
  await page.getByRole('button', { name: /^Pay/ }).click();

  // Back on the portal: confirmed, with receipt and card.
  await expect(
    page.getByRole('heading', { name: /welcome|confirmed|you're a member|payment received/i }),
  ).toBeVisible();
  await shot(page, J, '05-confirmed');

  const { rows } = await portal.db.query<{ ends_at: Date; starts_at: Date }>(
    `SELECT e.starts_at, e.ends_at FROM membership_events e JOIN users u ON u.id = e.user_id
     WHERE u.email = $1 AND e.kind = 'joined'`,
    [email],
  );
  expect(rows).toHaveLength(1);
  const endsAt = rows[0]!.ends_at;
  const expectedEnd = new Date(rows[0]!.starts_at);
  expectedEnd.setUTCFullYear(expectedEnd.getUTCFullYear() + 1);
  expect(endsAt.toISOString()).toBe(expectedEnd.toISOString());

  await page.goto('/membership');
  await expect(page.getByText(/Your Student membership is active until/)).toBeVisible();
  await shot(page, J, '06-membership-active');

  await page
    .getByRole('link', { name: /receipt/i })
    .first()
    .click();
  await expect(page.getByText('$20.00').first()).toBeVisible();
  await expect(page.getByText('Student').first()).toBeVisible();
  await shot(page, J, '07-receipt');

  await page.goto('/membership/card');
  // On the card itself, not the account menu's name.
  await expect(page.getByRole('main').getByText('Priya Raman')).toBeVisible();
  await shot(page, J, '08-card');

  // An admin refunds it and sees the ledger.
  await page.context().clearCookies();
  await signIn(page, 'admin@societas.test', 'societas-admin');
  const { rows: users } = await portal.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
    email,
  ]);
  await page.goto(`/admin/members/${users[0]!.id}/billing`);
  await expect(page.getByText('Priya Raman').first()).toBeVisible();
  await page
    .getByRole('button', { name: /refund/i })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('Joined twice by mistake');
  await dialog.getByLabel('Also end the membership now').check();
  await shot(page, J, '09-refund-dialog');
  await dialog
    .getByRole('button', { name: /refund/i })
    .last()
    .click();
  await expect(page.getByText(/refunded/i).first()).toBeVisible();
  await expect(page.getByText(/lapsed/i).first()).toBeVisible();
  await shot(page, J, '10-ledger-after-refund');

  const { rows: ledger } = await portal.db.query<{ kind: string }>(
    'SELECT kind FROM membership_events WHERE user_id = $1 ORDER BY id',
    [users[0]!.id],
  );
  expect(ledger.map((r) => r.kind)).toEqual(['joined', 'refunded']);
});
