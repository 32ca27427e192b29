import { COMMON_PASSWORDS } from '@societas/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SIGN_IN_ACCOUNT_IP_LIMIT,
  SIGN_IN_ACCOUNT_LIMIT,
  SIGN_IN_DEVICE_LIMIT,
  SIGN_IN_IP_LIMIT,
  SIGN_UP_IP_LIMIT,
} from '../src/modules/accounts/auth.service.js';
import {
  expectTrpcError,
  lastMailTo,
  linkIn,
  makeUser,
  signedInClient,
  startTestApp,
  type TestApp,
} from './harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

/** Follows the verification link the way a browser would (cookies kept), returning the redirect. */
async function openLink(client: ReturnType<TestApp['client']>, url: string) {
  const path = url.replace('http://localhost:3999', '');
  const response = await client.fetch(`${app.baseUrl}${path}`);
  return { status: response.status, location: response.headers.get('location') };
}

describe('sign up, verify, sign in, sign out', () => {
  it('a new user signs up, reads the verification mail, verifies and is signed in', async () => {
    const client = app.client();
    const email = 'new.member@example.org';
    await expect(
      client.trpc.auth.signUp.mutate({ name: 'Nadia Member', email, password: 'a long enough password' }),
    ).resolves.toEqual({ ok: true });

    // Not signed in yet, and signing in before verifying is refused with a clear message.
    expect((await client.trpc.auth.session.query()).user).toBeNull();
    const early = await expectTrpcError(() =>
      client.trpc.auth.signIn.mutate({ email, password: 'a long enough password' }),
    );
    expect(early.data.appCode).toBe('FORBIDDEN');
    expect(early.message).toMatch(/confirm your email/i);

    const mail = await lastMailTo(app, email);
    expect(mail?.kind).toBe('verify_email');
    const redirect = await openLink(client, linkIn(mail!.text_body, '/api/auth/verify-email?token='));
    expect(redirect.status).toBe(302);
    expect(redirect.location).toBe('/verify-email?status=ok');

    const session = await client.trpc.auth.session.query();
    expect(session.user).toMatchObject({ email, name: 'Nadia Member', emailVerified: true, isAdmin: false });
  });

  it('a second click on a used verification link signs nobody in', async () => {
    const first = app.client();
    const email = 'twice.clicked@example.org';
    await first.trpc.auth.signUp.mutate({ name: 'Twice', email, password: 'a long enough password' });
    const link = linkIn((await lastMailTo(app, email))!.text_body, '/api/auth/verify-email?token=');
    expect((await openLink(first, link)).location).toBe('/verify-email?status=ok');
    const user = await app.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const sessionsOf = async () =>
      (await app.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).length;
    expect(await sessionsOf()).toBe(1);

    // Someone else with the same link (a forwarded mail, a mail log) gets no session from it.
    const second = app.client();
    const response = await second.fetch(`${app.baseUrl}${link.replace('http://localhost:3999', '')}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/verify-email?status=ok');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect((await second.trpc.auth.session.query()).user).toBeNull();
    expect(await sessionsOf()).toBe(1);
  });

  it('a tampered verification token redirects to the error page and verifies nobody', async () => {
    const client = app.client();
    const redirect = await openLink(
      client,
      'http://localhost:3999/api/auth/verify-email?token=not-a-real-token',
    );
    expect(redirect.location).toBe('/verify-email?error=invalid_token');
    expect((await client.trpc.auth.session.query()).user).toBeNull();
  });

  it('signing up with a taken email answers the same and mails the owner instead', async () => {
    const owner = await makeUser(app);
    const client = app.client();
    await expect(
      client.trpc.auth.signUp.mutate({
        name: 'Someone Else',
        email: owner.email,
        password: 'another long password',
      }),
    ).resolves.toEqual({ ok: true });
    expect((await lastMailTo(app, owner.email))?.kind).toBe('existing_account');
    const users = await app.db.selectFrom('users').select('id').where('email', '=', owner.email).execute();
    expect(users).toHaveLength(1);
  });

  it('repeated sign-ups with a taken email mail the owner once an hour, answering the same each time', async () => {
    const owner = await makeUser(app);
    for (let i = 0; i < 3; i++) {
      await expect(
        app.client().trpc.auth.signUp.mutate({
          name: 'Someone Else',
          email: owner.email.toUpperCase(),
          password: 'another long password',
        }),
      ).resolves.toEqual({ ok: true });
    }
    const notices = await app.db
      .selectFrom('email_outbox')
      .select('kind')
      .where('to_address', '=', owner.email)
      .where('kind', '=', 'existing_account')
      .execute();
    expect(notices).toHaveLength(1);

    // An hour later the owner hears about it again.
    await app.db
      .updateTable('rate_limits')
      .set({ window_started_at: new Date(Date.now() - 61 * 60 * 1000) })
      .where('key', '=', `existing-account-notice:${owner.email}`)
      .execute();
    await app.client().trpc.auth.signUp.mutate({
      name: 'Someone Else',
      email: owner.email,
      password: 'another long password',
    });
    const later = await app.db
      .selectFrom('email_outbox')
      .select('kind')
      .where('to_address', '=', owner.email)
      .where('kind', '=', 'existing_account')
      .execute();
    expect(later).toHaveLength(2);
  });

  it('wrong password and unknown email give the same error', async () => {
    const user = await makeUser(app);
    const client = app.client();
    const wrong = await expectTrpcError(() =>
      client.trpc.auth.signIn.mutate({ email: user.email, password: 'not the password' }),
    );
    const unknown = await expectTrpcError(() =>
      client.trpc.auth.signIn.mutate({ email: 'nobody.here@example.org', password: 'not the password' }),
    );
    expect(wrong.data.appCode).toBe('UNAUTHENTICATED');
    expect(wrong.data.httpStatus).toBe(401);
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.data.appCode).toBe(wrong.data.appCode);
  });

  it('sign-in sets an httpOnly SameSite session cookie and sign-out ends the session', async () => {
    const user = await makeUser(app);
    const response = await fetch(`${app.baseUrl}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: user.email, password: user.password } }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('societas.session_token='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const client = await signedInClient(app, user);
    const token = client.jar.get('societas.session_token');
    expect((await client.trpc.auth.session.query()).user?.id).toBe(user.id);
    await client.trpc.auth.signOut.mutate();
    expect((await client.trpc.auth.session.query()).user).toBeNull();

    // The old cookie is dead on the server too, not just forgotten by this client.
    const replay = app.client();
    replay.jar.set('societas.session_token', token!);
    expect((await replay.trpc.auth.session.query()).user).toBeNull();
  });

  it('each sign-in makes a new session token', async () => {
    const user = await makeUser(app);
    const a = await signedInClient(app, user);
    const b = await signedInClient(app, user);
    expect(a.jar.get('societas.session_token')).not.toBe(b.jar.get('societas.session_token'));
  });
});

describe('resend verification', () => {
  it("a signed-in user asking for another address's link gets the usual answer, and no mail goes out", async () => {
    const anonymous = app.client();
    const email = 'unverified.other@example.org';
    await anonymous.trpc.auth.signUp.mutate({
      name: 'Other',
      email,
      password: 'correct horse battery staple',
    });
    const before = await app.db
      .selectFrom('email_outbox')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('to_address', '=', email)
      .executeTakeFirstOrThrow();
    const someone = await signedInClient(app, await makeUser(app));
    expect(await someone.trpc.auth.resendVerification.mutate({ email })).toEqual({ ok: true });
    const after = await app.db
      .selectFrom('email_outbox')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('to_address', '=', email)
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('input validation', () => {
  it('bad sign-up input returns 400 with an error per field', async () => {
    const client = app.client();
    const error = await expectTrpcError(() =>
      client.trpc.auth.signUp.mutate({ name: '', email: 'not-an-email', password: 'short' }),
    );
    expect(error.data.httpStatus).toBe(400);
    expect(error.data.appCode).toBe('BAD_INPUT');
    expect(Object.keys(error.data.fieldErrors ?? {}).sort()).toEqual(['email', 'name', 'password']);
    expect(error.data.fieldErrors?.password?.[0]).toMatch(/at least 8/);
  });

  it('common passwords are refused', async () => {
    const error = await expectTrpcError(() =>
      app
        .client()
        .trpc.auth.signUp.mutate({ name: 'A', email: 'common@example.org', password: 'password123' }),
    );
    expect(error.data.fieldErrors?.password?.[0]).toMatch(/too common/);
  });

  it('passwords from deep in the server list (not in the browser one) are refused as field errors', async () => {
    // 'pokemon00' and 'marmaris' rank around 27,000th in zxcvbn-ts's list of common passwords.
    expect(COMMON_PASSWORDS.has('pokemon00')).toBe(false);
    const signUp = await expectTrpcError(() =>
      app
        .client()
        .trpc.auth.signUp.mutate({ name: 'A', email: 'deep.common@example.org', password: 'Pokemon00' }),
    );
    expect(signUp.data.appCode).toBe('BAD_INPUT');
    expect(signUp.data.httpStatus).toBe(400);
    expect(signUp.data.fieldErrors).toEqual({ password: ['This password is too common; choose another'] });
    expect(await app.db.selectFrom('users').where('email', '=', 'deep.common@example.org').execute()).toEqual(
      [],
    );

    const user = await makeUser(app);
    const client = await signedInClient(app, user);
    const change = await expectTrpcError(() =>
      client.trpc.auth.changePassword.mutate({
        currentPassword: user.password,
        newPassword: 'marmaris',
        confirmPassword: 'marmaris',
      }),
    );
    expect(change.data.fieldErrors).toEqual({ newPassword: ['This password is too common; choose another'] });
  });

  it('long passwords (up to 128) are accepted', async () => {
    const client = app.client();
    await expect(
      client.trpc.auth.signUp.mutate({
        name: 'Long',
        email: 'long.pw@example.org',
        password: 'x'.repeat(128),
      }),
    ).resolves.toEqual({ ok: true });
  });
});

describe('password reset', () => {
  it('resets by the emailed link once, ends other sessions, and the old password stops working', async () => {
    const user = await makeUser(app);
    const otherDevice = await signedInClient(app, user);
    const client = app.client();
    await expect(client.trpc.auth.requestPasswordReset.mutate({ email: user.email })).resolves.toEqual({
      ok: true,
    });
    const mail = await lastMailTo(app, user.email);
    expect(mail?.kind).toBe('password_reset');
    const link = new URL(linkIn(mail!.text_body, '/reset-password?token='));
    const token = link.searchParams.get('token')!;

    await client.trpc.auth.resetPassword.mutate({
      token,
      password: 'a brand new password',
      confirmPassword: 'a brand new password',
    });
    expect((await otherDevice.trpc.auth.session.query()).user).toBeNull();

    const reused = await expectTrpcError(() =>
      client.trpc.auth.resetPassword.mutate({
        token,
        password: 'yet another password',
        confirmPassword: 'yet another password',
      }),
    );
    expect(reused.data.appCode).toBe('BAD_INPUT');
    expect(reused.message).toMatch(/invalid or has expired/);

    const old = await expectTrpcError(() =>
      client.trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
    );
    expect(old.data.appCode).toBe('UNAUTHENTICATED');
    await expect(
      client.trpc.auth.signIn.mutate({ email: user.email, password: 'a brand new password' }),
    ).resolves.toEqual({ ok: true });
  });

  it('asking for a reset of an unknown email answers the same and sends nothing', async () => {
    const before = await app.db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      app.client().trpc.auth.requestPasswordReset.mutate({ email: 'ghost@example.org' }),
    ).resolves.toEqual({ ok: true });
    const after = await app.db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('mismatched confirmation is a field error on confirmPassword', async () => {
    const error = await expectTrpcError(() =>
      app.client().trpc.auth.resetPassword.mutate({
        token: 'x',
        password: 'first password',
        confirmPassword: 'second password',
      }),
    );
    expect(error.data.fieldErrors).toEqual({ confirmPassword: ['The passwords do not match'] });
  });

  /** Asks for a reset link for `email` and returns its token. */
  async function resetTokenFor(email: string) {
    await app.client().trpc.auth.requestPasswordReset.mutate({ email });
    const mail = await lastMailTo(app, email);
    expect(mail?.kind).toBe('password_reset');
    return new URL(linkIn(mail!.text_body, '/reset-password?token=')).searchParams.get('token')!;
  }

  it('using the newer of two reset links kills the older one', async () => {
    const user = await makeUser(app);
    const first = await resetTokenFor(user.email);
    const second = await resetTokenFor(user.email);
    expect(first).not.toBe(second);
    const client = app.client();
    await client.trpc.auth.resetPassword.mutate({
      token: second,
      password: 'the second link set this',
      confirmPassword: 'the second link set this',
    });
    const older = await expectTrpcError(() =>
      client.trpc.auth.resetPassword.mutate({
        token: first,
        password: 'the first link tries this',
        confirmPassword: 'the first link tries this',
      }),
    );
    expect(older.data.appCode).toBe('BAD_INPUT');
    expect(older.message).toBe('This link is invalid or has expired. Please ask for a new one.');
    await expect(
      client.trpc.auth.signIn.mutate({ email: user.email, password: 'the second link set this' }),
    ).resolves.toEqual({ ok: true });
  });

  it('changing the password on the account page kills every outstanding reset link', async () => {
    const user = await makeUser(app);
    const token = await resetTokenFor(user.email);
    const client = await signedInClient(app, user);
    await client.trpc.auth.changePassword.mutate({
      currentPassword: user.password,
      newPassword: 'changed on the account page',
      confirmPassword: 'changed on the account page',
    });
    const stale = await expectTrpcError(() =>
      app.client().trpc.auth.resetPassword.mutate({
        token,
        password: 'an old link tries this',
        confirmPassword: 'an old link tries this',
      }),
    );
    expect(stale.data.appCode).toBe('BAD_INPUT');
    expect(stale.message).toBe('This link is invalid or has expired. Please ask for a new one.');
  });

  it('tells the reset page whether its link is usable: yes for a fresh one, no once used or for garbage', async () => {
    const user = await makeUser(app);
    const token = await resetTokenFor(user.email);
    const client = app.client();
    expect(await client.trpc.auth.resetTokenStatus.query({ token })).toEqual({ usable: true });
    expect(await client.trpc.auth.resetTokenStatus.query({ token: 'not-a-real-token' })).toEqual({
      usable: false,
    });
    await client.trpc.auth.resetPassword.mutate({
      token,
      password: 'a brand new password',
      confirmPassword: 'a brand new password',
    });
    expect(await client.trpc.auth.resetTokenStatus.query({ token })).toEqual({ usable: false });
    // Asking changes nothing: a checked link still works.
    const fresh = await resetTokenFor(user.email);
    expect(await client.trpc.auth.resetTokenStatus.query({ token: fresh })).toEqual({ usable: true });
    expect(await client.trpc.auth.resetTokenStatus.query({ token: fresh })).toEqual({ usable: true });
  });

  it('an expired reset link is reported as not usable', async () => {
    const user = await makeUser(app);
    const token = await resetTokenFor(user.email);
    await app.db
      .updateTable('verifications')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('identifier', '=', `reset-password:${token}`)
      .execute();
    expect(await app.client().trpc.auth.resetTokenStatus.query({ token })).toEqual({ usable: false });
  });
});

describe('change password', () => {
  it('needs the current password, then ends other sessions and keeps this one', async () => {
    const user = await makeUser(app);
    const here = await signedInClient(app, user);
    const elsewhere = await signedInClient(app, user);

    const wrong = await expectTrpcError(() =>
      here.trpc.auth.changePassword.mutate({
        currentPassword: 'not it at all',
        newPassword: 'new password here',
        confirmPassword: 'new password here',
      }),
    );
    expect(wrong.data.fieldErrors?.currentPassword).toEqual(['Your current password is incorrect.']);

    await here.trpc.auth.changePassword.mutate({
      currentPassword: user.password,
      newPassword: 'new password here',
      confirmPassword: 'new password here',
    });
    expect((await here.trpc.auth.session.query()).user?.id).toBe(user.id);
    expect((await elsewhere.trpc.auth.session.query()).user).toBeNull();
    expect((await lastMailTo(app, user.email))?.kind).toBe('password_changed');
  });
});

describe('rate limiting', () => {
  const countOf = async (key: string) =>
    (await app.db.selectFrom('rate_limits').select('count').where('key', '=', key).executeTakeFirst())
      ?.count ?? 0;
  const expectRateLimited = (e: { message: string; data: { appCode: string; httpStatus: number } }) => {
    expect(e.data.appCode).toBe('RATE_LIMITED');
    expect(e.data.httpStatus).toBe(429);
    expect(e.message).toBe('Too many attempts. Please wait a few minutes and try again.');
  };

  it('throttles repeated failed sign-ins per account and IP without locking the owner out elsewhere', async () => {
    const user = await makeUser(app);
    const client = app.client();
    const codes: string[] = [];
    for (let i = 0; i < SIGN_IN_ACCOUNT_IP_LIMIT + 1; i++) {
      const e = await expectTrpcError(() =>
        client.trpc.auth.signIn.mutate({ email: user.email, password: 'wrong password' }),
      );
      codes.push(e.data.appCode);
    }
    expect(codes.slice(0, SIGN_IN_ACCOUNT_IP_LIMIT).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes[SIGN_IN_ACCOUNT_IP_LIMIT]).toBe('RATE_LIMITED');
    // Even the right password waits now: the limiter runs before the password check.
    expectRateLimited(
      await expectTrpcError(() =>
        client.trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
      ),
    );
    // The owner, from their own address, is not locked out by someone else's guessing.
    const owner = app.client();
    await expect(
      owner.trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
    ).resolves.toEqual({ ok: true });
  });

  it('one address hammering an account past its ceiling cannot lock the owner out', async () => {
    const user = await makeUser(app);
    const attacker = app.client({ ip: '198.51.100.66' });
    // More attempts than the whole per-account ceiling, all from one address.
    for (let i = 0; i < SIGN_IN_ACCOUNT_LIMIT + 5; i++) {
      await attacker.fetch(`${app.baseUrl}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { email: user.email, password: `guess ${i}` } }),
      });
    }
    // Once the address's own buckets are exceeded its attempts stop counting against the account.
    expect(await countOf(`sign-in:account:${user.email}`)).toBe(SIGN_IN_ACCOUNT_IP_LIMIT);
    expect(await countOf(`sign-in:ip:198.51.100.66`)).toBe(SIGN_IN_ACCOUNT_LIMIT + 5);
    await expect(
      app.client().trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
    ).resolves.toEqual({ ok: true });
  });

  it('past the per-account ceiling (many addresses) sign-in is refused from anywhere, and does not count further', async () => {
    const user = await makeUser(app);
    // Stands for failures from many addresses: the ceiling's counter at its limit.
    await app.db
      .insertInto('rate_limits')
      .values({ key: `sign-in:account:${user.email}`, count: SIGN_IN_ACCOUNT_LIMIT })
      .execute();
    const client = app.client();
    expectRateLimited(
      await expectTrpcError(() =>
        client.trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
      ),
    );
    // A refused attempt still counts for its address, and a fresh address gets the same answer.
    expectRateLimited(
      await expectTrpcError(() =>
        app.client().trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
      ),
    );
    expect(await countOf(`sign-in:account:${user.email}`)).toBe(SIGN_IN_ACCOUNT_LIMIT + 2);
  });

  describe('device cookies (OWASP): an attack from many addresses does not lock the owner out', () => {
    const DEVICE_COOKIE = 'societas.device';
    // 510 argon2 verifications on a shared 2-core machine.
    const ATTACK_TIMEOUT_MS = 180_000;
    /** 51 addresses x 10 wrong passwords: more than the account-wide ceiling of 500. */
    async function attackFromManyAddresses(email: string) {
      await Promise.all(
        Array.from({ length: 51 }, async (_, a) => {
          const attacker = app.client({ ip: `198.18.${Math.floor(a / 200)}.${(a % 200) + 1}` });
          for (let i = 0; i < 10; i++) {
            await expectTrpcError(() =>
              attacker.trpc.auth.signIn.mutate({ email, password: `guess ${a}-${i}` }),
            );
          }
        }),
      );
    }

    it(
      "51 addresses x 10 wrong passwords: the owner's browser gets in from a fresh address, a browser without the cookie is limited",
      async () => {
        const user = await makeUser(app);
        // The owner signed in on their laptop some day before the attack: it holds a device cookie.
        const laptop = await signedInClient(app, user);
        const deviceCookie = laptop.jar.get(DEVICE_COOKIE);
        expect(deviceCookie).toMatch(/^[\w-]{22}\.[\w-]+$/);

        await attackFromManyAddresses(user.email);
        expect(await countOf(`sign-in:account:${user.email}`)).toBeGreaterThan(SIGN_IN_ACCOUNT_LIMIT);

        // Without a device cookie, from a fresh address: the account-wide limit holds.
        expectRateLimited(
          await expectTrpcError(() =>
            app.client().trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
          ),
        );
        // The laptop, now on a fresh address (a train's Wi-Fi), with its device cookie: signed in.
        const travelling = app.client({ ip: '192.0.2.201' });
        travelling.jar.set(DEVICE_COOKIE, deviceCookie!);
        await expect(
          travelling.trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
        ).resolves.toEqual({ ok: true });
        expect((await travelling.trpc.auth.session.query()).user?.id).toBe(user.id);
        // A successful sign-in hands out a fresh cookie.
        expect(travelling.jar.get(DEVICE_COOKIE)).not.toBe(deviceCookie);
      },
      ATTACK_TIMEOUT_MS,
    );

    it(
      'the untrusted way back in: the emailed reset link makes that browser trusted for the account',
      async () => {
        const user = await makeUser(app);
        await attackFromManyAddresses(user.email);
        const browser = app.client();
        expectRateLimited(
          await expectTrpcError(() =>
            browser.trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
          ),
        );
        await browser.trpc.auth.requestPasswordReset.mutate({ email: user.email });
        const mail = await lastMailTo(app, user.email);
        const token = new URL(linkIn(mail!.text_body, '/reset-password?token=')).searchParams.get('token')!;
        await browser.trpc.auth.resetPassword.mutate({
          token,
          password: 'back in after the attack',
          confirmPassword: 'back in after the attack',
        });
        expect(browser.jar.get(DEVICE_COOKIE)).toBeDefined();
        await expect(
          browser.trpc.auth.signIn.mutate({ email: user.email, password: 'back in after the attack' }),
        ).resolves.toEqual({ ok: true });
      },
      ATTACK_TIMEOUT_MS,
    );

    it("a device cookie for another account, or a tampered one, is untrusted; a trusted cookie's own guesses are limited", async () => {
      const victim = await makeUser(app);
      const attackerAccount = await makeUser(app);
      // The victim's own browser, signed in before the attack.
      const owner = await signedInClient(app, victim);
      const cookie = owner.jar.get(DEVICE_COOKIE)!;
      // Stands for failures from many addresses: the ceiling's counter at its limit.
      await app.db
        .updateTable('rate_limits')
        .set({ count: SIGN_IN_ACCOUNT_LIMIT })
        .where('key', '=', `sign-in:account:${victim.email}`)
        .execute();
      // The attacker's own account's device cookie does not open the victim's limit.
      const attacker = await signedInClient(app, attackerAccount);
      expectRateLimited(
        await expectTrpcError(() =>
          attacker.trpc.auth.signIn.mutate({ email: victim.email, password: victim.password }),
        ),
      );
      // A victim's cookie with one character of its signature changed is untrusted.
      const tampered = app.client();
      tampered.jar.set(DEVICE_COOKIE, `${cookie.slice(0, -1)}${cookie.endsWith('A') ? 'B' : 'A'}`);
      expectRateLimited(
        await expectTrpcError(() =>
          tampered.trpc.auth.signIn.mutate({ email: victim.email, password: victim.password }),
        ),
      );
      // A stolen valid cookie still allows only SIGN_IN_DEVICE_LIMIT guesses, then it is untrusted.
      const thief = app.client();
      thief.jar.set(DEVICE_COOKIE, cookie);
      for (let i = 0; i < SIGN_IN_DEVICE_LIMIT; i++) {
        const e = await expectTrpcError(() =>
          thief.trpc.auth.signIn.mutate({ email: victim.email, password: `guess ${i}` }),
        );
        expect(e.data.appCode).toBe('UNAUTHENTICATED');
      }
      expectRateLimited(
        await expectTrpcError(() =>
          thief.trpc.auth.signIn.mutate({ email: victim.email, password: victim.password }),
        ),
      );
    });

    it('the device cookie is HttpOnly and SameSite, given only by a successful sign-in', async () => {
      const user = await makeUser(app);
      const failed = await fetch(`${app.baseUrl}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { email: user.email, password: 'not the password' } }),
      });
      expect(failed.headers.getSetCookie().some((c) => c.startsWith(`${DEVICE_COOKIE}=`))).toBe(false);
      const response = await fetch(`${app.baseUrl}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { email: user.email, password: user.password } }),
      });
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\//);
    });
  });

  it('successful sign-ins do not count: a shared office address is not throttled', async () => {
    const ip = '192.0.2.77';
    const users = await Promise.all([makeUser(app), makeUser(app), makeUser(app)]);
    for (let i = 0; i < SIGN_IN_IP_LIMIT + 3; i++) {
      const user = users[i % users.length]!;
      await expect(
        app.client({ ip }).trpc.auth.signIn.mutate({ email: user.email, password: user.password }),
      ).resolves.toEqual({ ok: true });
    }
    expect(await countOf(`sign-in:ip:${ip}`)).toBe(0);
  });

  it('limits reset requests per account: the sixth within the hour is refused', async () => {
    const user = await makeUser(app);
    for (let i = 0; i < 5; i++) {
      await app.client().trpc.auth.requestPasswordReset.mutate({ email: user.email });
    }
    expectRateLimited(
      await expectTrpcError(() => app.client().trpc.auth.requestPasswordReset.mutate({ email: user.email })),
    );
  });

  it('limits reset requests per IP across accounts', async () => {
    const client = app.client();
    for (let i = 0; i < 10; i++) {
      await client.trpc.auth.requestPasswordReset.mutate({ email: `reset-ip-${i}@example.org` });
    }
    expectRateLimited(
      await expectTrpcError(() =>
        client.trpc.auth.requestPasswordReset.mutate({ email: 'reset-ip-last@example.org' }),
      ),
    );
  });

  it('limits reset confirmations (token guessing) per IP', async () => {
    const client = app.client();
    const attempt = () =>
      expectTrpcError(() =>
        client.trpc.auth.resetPassword.mutate({
          token: 'guessed-token',
          password: 'a brand new password',
          confirmPassword: 'a brand new password',
        }),
      );
    for (let i = 0; i < 20; i++) expect((await attempt()).data.appCode).toBe('BAD_INPUT');
    expectRateLimited(await attempt());
  });

  it('lets a conference booth on one address sign up far more than 20 an hour, and still limits the address', async () => {
    const ip = '203.0.113.40';
    const signUp = (i: number | string) =>
      app.client({ ip }).trpc.auth.signUp.mutate({
        name: 'Booth',
        email: `booth.signup.${i}@example.org`,
        password: 'a long enough password',
      });
    // 25 in a row from one address (the old limit was 20 an hour).
    for (let i = 0; i < 25; i++) await expect(signUp(i)).resolves.toEqual({ ok: true });
    // The address's bucket at its new limit (standing for that many sign-ups): the next is refused.
    await app.db
      .updateTable('rate_limits')
      .set({ count: SIGN_UP_IP_LIMIT })
      .where('key', '=', `sign-up:ip:${ip}`)
      .execute();
    expectRateLimited(await expectTrpcError(() => signUp('last')));
  });

  it('limits verification resends per account', async () => {
    const user = await makeUser(app, { verified: false });
    for (let i = 0; i < 5; i++) {
      await app.client().trpc.auth.resendVerification.mutate({ email: user.email });
    }
    expectRateLimited(
      await expectTrpcError(() => app.client().trpc.auth.resendVerification.mutate({ email: user.email })),
    );
  });

  it('limits password changes per account', async () => {
    const user = await makeUser(app);
    const client = await signedInClient(app, user);
    const attempt = () =>
      expectTrpcError(() =>
        client.trpc.auth.changePassword.mutate({
          currentPassword: 'not the current one',
          newPassword: 'new password here',
          confirmPassword: 'new password here',
        }),
      );
    for (let i = 0; i < 10; i++) expect((await attempt()).data.appCode).toBe('BAD_INPUT');
    expectRateLimited(await attempt());
  });
});
