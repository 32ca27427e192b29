import type { Locator, Page } from '@playwright/test';
import { expect, shot, signIn, test } from '../support/fixtures.js';

const J = '10-plans-and-terms';
const DAY_MS = 86_400_000;

/** Full-page shots from the top, so the sticky header is not drawn over the middle of the page. */
async function topShot(page: Page, name: string) {
  await page.evaluate('window.scrollTo(0, 0)');
  await shot(page, J, name);
}

/** A membership day as the page writes it: its UTC day in the browser's date style (lib/format.ts). */
function shownDay(page: Page, day: Date): Promise<string> {
  return page.evaluate(
    (iso) =>
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)),
    day.toISOString(),
  );
}

function addYearsUtc(day: Date, years: number): Date {
  const next = new Date(day);
  next.setUTCFullYear(next.getUTCFullYear() + years);
  return next;
}

/** One term of the join page's term choice (a segmented control: radios with visually hidden inputs). */
const termChoice = (page: Page, label: string) =>
  page.getByRole('radiogroup', { name: 'Term' }).getByRole('radio', { name: new RegExp(`^${label} ·`) });

/** Chooses a segment as a person does: by clicking its visible label. */
async function choose(radio: Locator) {
  const id = await radio.getAttribute('id');
  await radio.page().locator(`label[for="${id}"]`).click();
}

/** The plans whose price table is wider than its card (it would scroll sideways or spill out). */
function overflowingPriceTables(page: Page): Promise<string[]> {
  return page
    .locator('table.price-table')
    .evaluateAll((tables) =>
      tables
        .filter((t) => t.scrollWidth > (t.parentElement?.clientWidth ?? 0) + 1)
        .map((t) => t.closest('article')?.querySelector('h3')?.textContent ?? '?'),
    );
}

/**
 * Issue 19 item 10, as a new visitor meets it: "Sign up to join" from the Postdoc card with the
 * 2-year term keeps plan and term through sign-up, verification and a declined payment; Emeritus
 * (10 years of membership) is not offered to a new account and says why; after paying 2 years of
 * Postdoc, choosing 1 year of Regular says before payment that the membership then ends sooner.
 */
test('a visitor signs up from the Postdoc card: plan and term kept through a declined payment; Emeritus says why not; a shorter term is announced', async ({
  page,
  portal,
}) => {
  const email = `noor.e2e.${Date.now()}@example.org`;

  // Signed out, the plan cards: Emeritus states its rule; Postdoc's card takes a term.
  await page.goto('/membership');
  const emeritusCard = page.getByRole('article', { name: 'Emeritus' });
  await expect(
    emeritusCard.getByText(
      'For members who have held membership for at least 10 years. Checked when you join.',
    ),
  ).toBeVisible();
  // Every price table fits its card, at 1280 px and on a 390 px phone (issue 19 item 12).
  await expect(page.locator('table.price-table').first()).toBeVisible();
  expect(await overflowingPriceTables(page), 'price tables wider than their card at 1280 px').toEqual([]);
  await topShot(page, '00-plan-cards-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingPriceTables(page), 'price tables wider than their card at 390 px').toEqual([]);
  await topShot(page, '00-plan-cards-390');
  await page.setViewportSize({ width: 1280, height: 900 });
  const postdocCard = page.getByRole('article', { name: 'Postdoc' });
  await choose(postdocCard.getByRole('radio', { name: '2 years' }));
  await expect(postdocCard.getByRole('radio', { name: '2 years' })).toBeChecked();
  await postdocCard.getByRole('link', { name: 'Sign up to join as Postdoc' }).click();
  await expect(page).toHaveURL(`/sign-up?next=${encodeURIComponent('/membership/join?plan=postdoc&term=2')}`);

  // Sign up and verify; the verified page continues to the join page with the same choice.
  await page.getByLabel('Full name').fill('Noor Haddad');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('a long enough passphrase');
  await page.getByRole('button', { name: /create account|sign up/i }).click();
  await expect(page.getByText('We sent a verification link to')).toBeVisible();
  await page.goto('/dev/mailbox');
  await page
    .getByRole('article')
    .filter({ hasText: email })
    .first()
    .getByRole('link', { name: /verify-email/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Email verified' })).toBeVisible();
  await page.getByRole('link', { name: 'Continue where you were' }).click();
  await expect(page).toHaveURL('/membership/join?plan=postdoc&term=2');
  await expect(page.getByRole('radio', { name: 'Postdoc' })).toBeChecked();
  await expect(termChoice(page, '2 years')).toBeChecked();
  await expect(page.getByText('Join: Postdoc, 2 years')).toBeVisible();

  // Emeritus is not payable for a new account, and its card says why.
  const emeritus = page.getByRole('radio', { name: 'Emeritus' });
  await expect(emeritus).toBeDisabled();
  await expect(emeritus).toHaveAccessibleDescription(
    'For members who have held membership for at least 10 years. Your membership so far is less than a year.',
  );
  await emeritus.click({ force: true });
  await expect(page.getByRole('radio', { name: 'Postdoc' })).toBeChecked();
  await topShot(page, '01-join-kept-plan-emeritus-ineligible');

  // A declined payment comes back to the same plan and term.
  await page.getByRole('button', { name: /Continue to payment/ }).click();
  await expect(page.getByText('TEST MODE')).toBeVisible();
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page).toHaveURL('/membership/join?plan=postdoc&term=2&cancelled=1');
  await expect(page.getByText('Nothing was charged. You can choose again below.')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Postdoc' })).toBeChecked();
  await expect(termChoice(page, '2 years')).toBeChecked();
  await expect(page.getByText('Join: Postdoc, 2 years')).toBeVisible();
  await topShot(page, '02-declined-kept-plan');

  // Pay for the 2 years this time.
  await page.getByRole('button', { name: /Continue to payment/ }).click();
  await page.getByRole('button', { name: /^Pay/ }).click();
  await expect(page.getByRole('heading', { name: /payment is confirmed/i })).toBeVisible();
  const { rows } = await portal.db.query<{ starts_at: Date; ends_at: Date }>(
    `SELECT e.starts_at, e.ends_at FROM membership_events e JOIN users u ON u.id = e.user_id
     WHERE u.email = $1 AND e.kind = 'joined' AND e.term_years = 2`,
    [email],
  );
  expect(rows).toHaveLength(1);
  const postdocEnd = new Date(rows[0]!.ends_at);

  // 1 year of Regular now would end the membership a year earlier: said before payment.
  await page.goto('/membership/join');
  await page.getByRole('radio', { name: 'Regular' }).click();
  await choose(termChoice(page, '1 year'));
  await expect(page).toHaveURL('/membership/join?plan=regular&term=1');
  const shortened = page.getByTestId('term-shortened');
  await expect(shortened).toContainText('Your membership ends sooner');
  const regularEnd = addYearsUtc(new Date(rows[0]!.starts_at), 1);
  await expect(shortened).toContainText(
    `Your membership will end on ${await shownDay(page, regularEnd)} instead of ${await shownDay(page, postdocEnd)}.`,
  );
  await expect(page.getByRole('button', { name: /Continue to payment: \$/ })).toBeEnabled();
  await topShot(page, '03-shorter-term-warning');

  // 3 years of Regular ends later: no warning.
  await choose(termChoice(page, '3 years'));
  await expect(page.getByText('Change plan now: Regular, 3 years')).toBeVisible();
  await expect(shortened).toHaveCount(0);
});

/**
 * Issue 19 item 10, as a demo member on a 2- or 3-year Regular term (more than a year left, outside
 * the renewal window) meets it: the cheaper Postdoc plan explains on its card that the rest of the
 * term is worth more, with no $0.00 price or payment button; the automatic-renewal switch is offered
 * mid-term and sets up a renewal that charges nothing now and first charges at the term end.
 */
test('a member on a multi-year term: a cheaper plan explains itself on its card; automatic renewal can be set up mid-term', async ({
  page,
  portal,
}) => {
  // The current term (the latest event) is a 2- or 3-year Regular one; every event was Regular.
  const { rows } = await portal.db.query<{ id: string; email: string; ends_at: Date }>(`
    WITH current_term AS (
      SELECT DISTINCT ON (e.user_id) e.user_id, e.plan_id, e.term_years, e.ends_at, p.code AS plan_code
      FROM membership_events e JOIN plans p ON p.id = e.plan_id
      ORDER BY e.user_id, e.id DESC
    )
    SELECT u.id, u.email, t.ends_at
    FROM current_term t JOIN users u ON u.id = t.user_id
    WHERE u.id LIKE 'seed-user-0%' AND t.plan_code = 'regular' AND t.term_years IN (2, 3)
      AND t.ends_at BETWEEN now() + interval '400 days' AND now() + interval '720 days'
      AND NOT EXISTS (SELECT 1 FROM stripe_subscriptions s WHERE s.user_id = u.id)
      AND NOT EXISTS (SELECT 1 FROM membership_events x WHERE x.user_id = u.id
                      AND (x.kind NOT IN ('joined', 'renewed') OR x.plan_id <> t.plan_id))
    ORDER BY u.id
    LIMIT 1`);
  expect(
    rows,
    'the demo seed has a Regular member with over a year left of a 2- or 3-year term',
  ).toHaveLength(1);
  const member = rows[0]!;
  const endsAt = new Date(member.ends_at);
  await signIn(page, member.email, 'societas-member');

  // The cheaper plan: its card on the join page says why it is not offered now.
  await page.goto('/membership/join');
  const renewalOpens = await shownDay(page, new Date(endsAt.getTime() - 60 * DAY_MS));
  const worthMore = `Your current term is worth more than this plan — switch at renewal. Your renewal opens on ${renewalOpens}.`;
  const postdoc = page.getByRole('radio', { name: 'Postdoc' });
  await expect(postdoc).toHaveAccessibleDescription(worthMore);
  await expect(postdoc.getByText(worthMore)).toBeVisible();
  await postdoc.click();
  await expect(page.getByTestId('worth-more')).toHaveText(`Switch at renewal${worthMore}`);
  // Each term shows its price, never $0.00; there is nothing to pay now.
  for (const term of ['1 year', '2 years', '3 years']) {
    await expect(termChoice(page, term)).toHaveCount(1);
    await expect(termChoice(page, term)).not.toHaveAccessibleName(/\$0\.00/);
  }
  await expect(page.getByText('$0.00')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Continue to payment|Upgrade/ })).toHaveCount(0);
  await expect(page.getByText(/Change plan now|Upgrade/)).toHaveCount(0);
  await topShot(page, '04-cheaper-plan-worth-more');
  // A dearer plan is not "worth more" on its card, even if the credit covers its 1-year price:
  // its 3-year term is a paid upgrade now.
  const industry = page.getByRole('radio', { name: 'Industry' });
  await expect(industry).not.toHaveAttribute('aria-describedby');
  await industry.click();
  await choose(termChoice(page, '3 years'));
  await expect(page.getByText('Change plan now: Industry, 3 years')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Continue to payment: \$[1-9]/ })).toBeEnabled();
  await page.setViewportSize({ width: 390, height: 844 });
  await topShot(page, '04b-join-390');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The automatic-renewal switch is offered now, long before the renewal window.
  await page.goto('/membership');
  const endDay = await shownDay(page, endsAt);
  const autoRenew = page.getByRole('switch', { name: 'Renew automatically every year' });
  await expect(autoRenew).toBeEnabled();
  await expect(autoRenew).not.toBeChecked();
  await expect(autoRenew).toHaveAccessibleDescription(
    `Turn on to confirm your card: nothing is charged now, the first yearly charge is on ${endDay}, when your term ends.`,
  );
  await topShot(page, '05-auto-renew-offered');
  await choose(autoRenew);
  await expect(page.getByText('TEST MODE')).toBeVisible();
  await expect(page.getByText('$0.00 today')).toBeVisible();
  await expect(page.getByText(`a year from ${endsAt.toISOString().slice(0, 10)}`)).toBeVisible();
  await page.getByRole('button', { name: /^Pay|^Confirm/ }).click();
  await expect(page.getByRole('heading', { name: 'Automatic renewal is set up' })).toBeVisible();
  await expect(
    page.getByText(`Nothing was charged today. Your card is charged on ${endDay}, when your term ends`),
  ).toBeVisible();

  await page.goto('/membership');
  await expect(autoRenew).toBeChecked();
  await expect(page.getByText(`It renews automatically on ${endDay}.`)).toBeVisible();
  const { rows: stored } = await portal.db.query<{ status: string; payments: number; ends_at: Date }>(
    `SELECT s.status,
            (SELECT count(*)::int FROM payments p WHERE p.user_id = s.user_id AND p.created_at > now() - interval '1 hour') AS payments,
            (SELECT max(ends_at) FROM membership_events e WHERE e.user_id = s.user_id) AS ends_at
     FROM stripe_subscriptions s WHERE s.user_id = $1`,
    [member.id],
  );
  expect(stored).toEqual([{ status: 'trialing', payments: 0, ends_at: endsAt }]);
  await topShot(page, '06-auto-renew-on');
});
