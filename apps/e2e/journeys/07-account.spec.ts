import type { Page } from '@playwright/test';
import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '07-account';

/** Full-page shots from the top, so the sticky header does not cover the field in question. */
async function topShot(page: Page, name: string) {
  await page.evaluate('window.scrollTo(0, 0)');
  await shot(page, J, name);
}

/**
 * The account basics: a visitor signs up and verifies through the dev mailbox, edits their
 * profile (a bad ORCID iD is a field error on that field, a good one saves), signs out, resets a
 * forgotten password through the mailed link and signs in with the new one; as a non-admin they
 * see the not-allowed page at /admin, an unknown path shows the 404 page, and they sign out.
 */
test('sign up, verify, edit the profile, reset a forgotten password, sign in again, sign out', async ({
  page,
  portal,
}) => {
  const email = `ines.e2e.${Date.now()}@example.org`;
  const password = 'first long passphrase';
  const newPassword = 'second, even longer passphrase';
  const accountMenu = page.getByRole('button', { name: /Inês Duarte/ });

  // Sign up, then verify through the dev mailbox.
  await page.goto('/sign-up');
  await page.getByLabel('Full name').fill('Inês Duarte');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: /create account|sign up/i }).click();
  await expect(page.getByText('We sent a verification link to')).toBeVisible();
  await shot(page, J, '01-signed-up');

  await page.goto('/dev/mailbox');
  const verification = page.getByRole('article').filter({ hasText: email }).first();
  await expect(verification).toBeVisible();
  await shot(page, J, '02-mailbox-verification');
  await verification
    .getByRole('link', { name: /verify-email/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Email verified' })).toBeVisible();
  await expect(accountMenu).toBeVisible();
  await shot(page, J, '03-verified');

  // Profile: a bad ORCID iD (wrong check digit) is an error on that field and nothing is saved.
  await page.goto('/account');
  const orcid = page.getByRole('textbox', { name: 'ORCID iD' });
  await page.getByRole('textbox', { name: 'Institution' }).fill('Instituto de Medicina Molecular');
  await orcid.fill('0000-0002-1825-0098');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(orcid).toHaveAttribute('aria-invalid', 'true');
  await expect(orcid).toHaveAccessibleDescription(/Enter an ORCID iD like 0000-0002-1825-0097/);
  await topShot(page, '04-bad-orcid');
  const stored = async () =>
    (
      await portal.db.query<{ orcid: string | null; institution: string | null }>(
        `SELECT p.orcid, p.institution FROM member_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = $1`,
        [email],
      )
    ).rows[0];
  expect((await stored())?.orcid ?? null).toBeNull();

  // A good one saves.
  await orcid.fill('0000-0002-1825-0097');
  await expect(orcid).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved')).toBeVisible();
  expect(await stored()).toEqual({
    orcid: '0000-0002-1825-0097',
    institution: 'Instituto de Medicina Molecular',
  });
  await topShot(page, '05-profile-saved');

  // Sign out from the account menu.
  await accountMenu.click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(accountMenu).toHaveCount(0);

  // Forgot the password: ask for a link, open it from the mailbox, choose a new one.
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password/);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await shot(page, J, '06-reset-requested');

  await page.goto('/dev/mailbox');
  const reset = page
    .getByRole('article')
    .filter({ hasText: email })
    .filter({ hasText: /Reset your/ })
    .first();
  await expect(reset).toBeVisible();
  await reset
    .getByRole('link', { name: /reset-password/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/reset-password\?token=/);
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill(newPassword);
  await page.getByRole('textbox', { name: 'Repeat the new password' }).fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('heading', { name: 'Password changed' })).toBeVisible();
  await shot(page, J, '07-password-changed');

  // The old password no longer works; the new one does.
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Email or password is incorrect.')).toBeVisible();
  await signIn(page, email, newPassword);
  await expect(accountMenu).toBeVisible();

  // Not an administrator: /admin shows the not-allowed page.
  await page.goto('/admin');
  await expect(page.getByText('You do not have access to this page')).toBeVisible();
  await shot(page, J, '08-admin-not-allowed');

  // An unknown path shows the 404 page.
  await page.goto('/no-such-page/here');
  await expect(page.getByText('404: nothing here')).toBeVisible();
  await expect(page.getByText('There is no page at /no-such-page/here')).toBeVisible();
  await shot(page, J, '09-not-found');

  // Sign out; the account page then asks to sign in.
  await accountMenu.click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(accountMenu).toHaveCount(0);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in/);
  await shot(page, J, '10-signed-out');
});

/**
 * Issue 19 item 11: a reset link that cannot work (garbage, or already used) says so when it is
 * opened, with a way to ask for a new one, instead of the new-password form that only refuses
 * after the password has been typed twice.
 */
test('a garbage or already-used reset link explains itself and offers a new link, not the password form', async ({
  page,
}) => {
  const email = 'member@societas.test';
  const newPassword = 'a brand new member passphrase';
  const expectSpentLinkPage = async () => {
    await expect(
      page.getByRole('heading', { name: 'This link has expired or was already used' }),
    ).toBeVisible();
    await expect(page.getByRole('alert')).toHaveText(
      'Reset links work once and only for a short time. Ask for a new one and use the newest email.',
    );
    await expect(page.getByText('Choose a new password')).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'New password', exact: true })).toHaveCount(0);
  };

  // A made-up token.
  await page.goto('/reset-password?token=not-a-real-reset-token');
  await expectSpentLinkPage();
  await shot(page, J, '11-garbage-reset-link');
  // One too long to be a token at all (refused as input by the check).
  await page.goto(`/reset-password?token=${'x'.repeat(2100)}`);
  await expectSpentLinkPage();
  await page.getByRole('link', { name: 'Request a new link' }).click();
  await expect(page).toHaveURL('/forgot-password');

  // A real link, used once: opened again, it is spent.
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await page.goto('/dev/mailbox');
  const link = page
    .getByRole('article')
    .filter({ hasText: email })
    .filter({ hasText: /Reset your/ })
    .first()
    .getByRole('link', { name: /reset-password/ })
    .first();
  const resetUrl = await link.getAttribute('href');
  expect(resetUrl).toMatch(/\/reset-password\?token=/);
  await page.goto(resetUrl!);
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill(newPassword);
  await page.getByRole('textbox', { name: 'Repeat the new password' }).fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('heading', { name: 'Password changed' })).toBeVisible();

  await page.context().clearCookies();
  await page.goto(resetUrl!);
  await expectSpentLinkPage();
  await shot(page, J, '12-used-reset-link');
  await page.getByRole('link', { name: 'Request a new link' }).click();
  await expect(page).toHaveURL('/forgot-password');
});
