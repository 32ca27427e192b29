import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMailDeliverer, queueMail } from '../src/modules/mail/index.js';
import { mailSender } from '../src/modules/settings/index.js';
import { expectTrpcError, lastMailTo, TEST_PUBLIC_URL } from './harness.js';
import { member, withTestApp } from './membership/helpers.js';
import { startSmtpStandIn } from './smtp-stand-in.js';

/** Society settings (issue 15): admins save them; pages, receipts and mails show them. */
const { app } = withTestApp();

const SETTINGS = {
  name: 'Sociedad Internacional de Células Madre',
  shortName: 'SICM',
  logoUrl: 'https://example.org/logo.png',
  faviconUrl: null,
  brandColour: '#2F9E44',
  contactEmail: 'oficina@sicm.example',
  contactPhone: '+34 912 345 678',
  postalAddress: 'Calle Mayor 1\n28013 Madrid\nEspaña',
  legalName: 'Asociación SICM',
  taxId: 'ESG12345678',
  socialLinks: {
    website: 'https://sicm.example',
    bluesky: '',
    mastodon: null,
    linkedin: null,
    x: null,
    youtube: null,
  },
  defaultTimeZone: 'Europe/Madrid',
  defaultLanguage: 'es' as const,
  membershipCurrency: 'usd',
};

/** Pays a membership on the local test-mode checkout page (no Stripe key in this app). */
async function payLocally(client: Awaited<ReturnType<typeof member>>['client']) {
  const started = await client.trpc.membership.startCheckout.mutate({ planCode: 'regular', term: 1 });
  const url = `${app.baseUrl}${started.url.replace(TEST_PUBLIC_URL, '')}`;
  const html = await (await fetch(url)).text();
  const token = html.match(/name="token" value="([^"]+)"/)?.[1] ?? '';
  await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, action: 'pay' }).toString(),
    redirect: 'manual',
  });
  return { html };
}

describe('society settings', () => {
  it('before any save, the public read answers the environment’s society name', async () => {
    const settings = await app.client().trpc.settings.get.query();
    expect(settings).toMatchObject({
      name: app.env.SOCIETY_NAME,
      legalName: app.env.SOCIETY_NAME,
      updatedAt: null,
    });
  });

  it('an admin saves; the public read, the checkout page, the receipt and its mail show the new values; the save is audited', async () => {
    const admin = await member(app, 'US', 'admin');
    const anon = app.client();
    await anon.trpc.settings.get.query(); // cached before the save: the save must clear it

    const saved = await admin.client.trpc.settings.update.mutate(SETTINGS);
    expect(saved).toMatchObject({ brandColour: '#2f9e44', membershipCurrency: 'USD' });
    expect(saved.socialLinks).toMatchObject({ website: 'https://sicm.example', bluesky: null });

    const read = await anon.trpc.settings.get.query();
    expect(read).toMatchObject({
      name: SETTINGS.name,
      shortName: 'SICM',
      legalName: 'Asociación SICM',
      taxId: 'ESG12345678',
      defaultTimeZone: 'Europe/Madrid',
      defaultLanguage: 'es',
    });

    const audit = await app.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'after'])
      .where('action', '=', 'society_settings.update')
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(admin.id);
    expect(audit.after).toMatchObject({ name: SETTINGS.name });

    const payer = await member(app, 'US');
    const { html } = await payLocally(payer.client);
    expect(html).toContain(`<h1>${SETTINGS.name}</h1>`);
    const [payment] = await payer.client.trpc.membership.payments.query();
    const receipt = await payer.client.trpc.membership.receipt.query({ paymentId: payment!.id });
    expect(receipt.society).toMatchObject({
      name: SETTINGS.name,
      legalName: 'Asociación SICM',
      postalAddress: SETTINGS.postalAddress,
      taxId: 'ESG12345678',
      contactEmail: 'oficina@sicm.example',
    });
    const mail = await lastMailTo(app, payer.email);
    expect(mail?.kind).toBe('membership_receipt');
    expect(mail?.subject).toContain(`Your ${SETTINGS.name} receipt`);
    expect(mail?.text_body).toContain(`Asociación SICM\n${SETTINGS.postalAddress}\nTax ID: ESG12345678`);

    const card = await payer.client.trpc.membership.card.query();
    expect(card.society).toBe(SETTINGS.name);
  });

  it('bad input gets a message at each field, and nothing is saved', async () => {
    const admin = await member(app, 'US', 'admin');
    const before = await app.client().trpc.settings.get.query();
    const error = await expectTrpcError(() =>
      admin.client.trpc.settings.update.mutate({
        ...SETTINGS,
        name: 'Changed',
        brandColour: 'green',
        defaultTimeZone: 'Mars/Olympus_Mons',
        membershipCurrency: 'ABC',
        defaultLanguage: 'fr' as 'es',
        contactEmail: 'not an email',
        socialLinks: { ...SETTINGS.socialLinks, website: 'ftp://sicm.example' },
      }),
    );
    expect(error.data.appCode).toBe('BAD_INPUT');
    expect(error.data.fieldErrors).toMatchObject({
      brandColour: ['Use a colour like #1c7ed6'],
      defaultTimeZone: ['Use a time zone name like Europe/Madrid'],
      membershipCurrency: ['Use an ISO 4217 currency code, such as EUR or USD'],
      defaultLanguage: ['Choose English, Spanish or Japanese'],
      contactEmail: ['Enter a valid email address'],
      'socialLinks.website': ['Enter an http(s) address'],
    });
    expect((await app.client().trpc.settings.get.query()).name).toBe(before.name);
  });

  it('a member who is not an admin is refused', async () => {
    const m = await member(app, 'US');
    const error = await expectTrpcError(() => m.client.trpc.settings.update.mutate(SETTINGS));
    expect(error.data.appCode).toBe('FORBIDDEN');
  });

  it('mail goes out under the society’s name from its settings, at the deployment’s address (MAIL_FROM)', async () => {
    const admin = await member(app, 'US', 'admin');
    await admin.client.trpc.settings.update.mutate({ ...SETTINGS, name: 'Madrid Stem Cell Society' });
    const smtp = await startSmtpStandIn();
    // As the worker builds it (worker.ts): the sender is looked up for each batch.
    const deliverer = createMailDeliverer({
      db: app.db,
      smtpUrl: smtp.url,
      from: () => mailSender({ db: app.db, env: app.env }),
      log: pino({ level: 'silent' }),
    });
    try {
      await queueMail(app.db, 'reader@example.org', 'test', { subject: 'Hello', text: 'Hello.' });
      await deliverer.drain();
      const mail = smtp.received.find((m) => m.to.includes('reader@example.org'));
      const address = /<([^>]+)>/.exec(app.env.MAIL_FROM)![1];
      expect(mail?.from).toBe(address);
      expect(mail?.raw).toMatch(new RegExp(`^From: "?Madrid Stem Cell Society"? <${address}>`, 'm'));
    } finally {
      deliverer.close();
      await smtp.close();
    }
  });
});
