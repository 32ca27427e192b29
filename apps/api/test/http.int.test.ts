import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, signedInClient, startTestApp, type TestApp } from './harness.js';

let app: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  app = await startTestApp({}, { logLines });
});

/** The logged lines (parsed) that carry this request id. */
const logsFor = (reqId: string) =>
  logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reqId === reqId);
afterAll(async () => {
  await app?.close();
});

const signUpBody = JSON.stringify({
  json: { name: 'Csrf', email: 'csrf@example.org', password: 'long enough pw' },
});

async function usersNamed(name: string) {
  return app.db.selectFrom('users').select('id').where('name', '=', name).execute();
}

describe('health and readiness', () => {
  it('/health answers without touching the database; /ready checks it', async () => {
    expect(await (await fetch(`${app.baseUrl}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});

describe('CSRF', () => {
  it('refuses a form-encoded mutation', async () => {
    const response = await fetch(`${app.baseUrl}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Csrf&email=csrf%40example.org&password=long+enough+pw',
    });
    expect(response.status).toBe(415);
    expect(await usersNamed('Csrf')).toHaveLength(0);
  });

  it('refuses a text/plain mutation', async () => {
    const response = await fetch(`${app.baseUrl}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: signUpBody,
    });
    expect(response.status).toBe(415);
    expect(await usersNamed('Csrf')).toHaveLength(0);
  });

  it('refuses a mutation from a foreign Origin', async () => {
    const response = await fetch(`${app.baseUrl}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: signUpBody,
    });
    expect(response.status).toBe(403);
    expect(await usersNamed('Csrf')).toHaveLength(0);
  });

  it('refuses a mutation sent with GET', async () => {
    const input = encodeURIComponent(signUpBody);
    const response = await fetch(`${app.baseUrl}/trpc/auth.signUp?input=${input}`);
    expect(response.status).toBe(405);
    expect(await usersNamed('Csrf')).toHaveLength(0);
  });

  it('accepts the same mutation as JSON from our own origin', async () => {
    const response = await fetch(`${app.baseUrl}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3999' },
      body: signUpBody,
    });
    expect(response.status).toBe(200);
    expect(await usersNamed('Csrf')).toHaveLength(1);
  });
});

describe('errors never leak internals', () => {
  it('malformed JSON gets a 400 without a stack', async () => {
    const response = await fetch(`${app.baseUrl}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"json": {',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(text).not.toMatch(/stack/i);
  });

  it('an unexpected database failure answers 500 with a reference, not SQL', async () => {
    // Break the table the profile query reads, the way a bad deploy would.
    await app.db.schema.alterTable('member_profiles').renameTo('member_profiles_gone').execute();
    try {
      const client = app.client();
      const { makeUser, signedInClient } = await import('./harness.js');
      const signed = await signedInClient(app, await makeUser(app));
      client.jar.set('societas.session_token', signed.jar.get('societas.session_token')!);
      const response = await signed.fetch(`${app.baseUrl}/trpc/account.profile`);
      expect(response.status).toBe(500);
      const body = await response.text();
      expect(body).toMatch(/Something went wrong on our side\. Reference: [\w-]+/);
      expect(body).not.toMatch(/member_profiles|relation|SELECT|stack/i);
      expect(response.headers.get('x-request-id')).toBeTruthy();
    } finally {
      await app.db.schema.alterTable('member_profiles_gone').renameTo('member_profiles').execute();
    }
  });

  it('an output that fails its schema is a 500 with a reference, not field errors', async () => {
    const user = await makeUser(app);
    const signed = await signedInClient(app, user);
    // A value the profile's output schema does not allow, as a bad migration or manual edit might leave.
    await app.db
      .insertInto('member_profiles')
      .values({ user_id: user.id, career_stage: 'astronaut' })
      .execute();
    const response = await signed.fetch(`${app.baseUrl}/trpc/account.profile`);
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id')!;
    const body = (await response.json()) as {
      error: { json: { message: string; data: Record<string, unknown> } };
    };
    expect(body.error.json.message).toBe(`Something went wrong on our side. Reference: ${requestId}`);
    expect(body.error.json.data.appCode).toBe('INTERNAL');
    expect(body.error.json.data.requestId).toBe(requestId);
    expect(body.error.json.data.fieldErrors).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/astronaut|careerStage|Output validation/);
    expect(logsFor(requestId).some((l) => l.msg === 'unexpected error in procedure' && l.level === 50)).toBe(
      true,
    );
  });

  it('a failure while building the context (session lookup) still has a request id in answer and log', async () => {
    const signed = await signedInClient(app, await makeUser(app));
    await app.db.schema.alterTable('sessions').renameTo('sessions_gone').execute();
    try {
      const response = await signed.fetch(`${app.baseUrl}/trpc/auth.session`);
      expect(response.status).toBe(500);
      const requestId = response.headers.get('x-request-id')!;
      expect(requestId).toBeTruthy();
      const body = (await response.json()) as {
        error: { json: { message: string; data: Record<string, unknown> } };
      };
      expect(body.error.json.message).toBe(`Something went wrong on our side. Reference: ${requestId}`);
      expect(body.error.json.data.requestId).toBe(requestId);
      expect(JSON.stringify(body)).not.toMatch(/sessions|relation|stack/i);
      const logged = logsFor(requestId).find((l) => l.msg === 'unexpected error in procedure');
      expect(logged?.level).toBe(50);
      expect(JSON.stringify(logged?.err)).toMatch(/sessions/);
    } finally {
      await app.db.schema.alterTable('sessions_gone').renameTo('sessions').execute();
    }
  });

  it('a NUL character in a text input is a 400 (PostgreSQL cannot store it), not a 500', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { slug: 'a\u0000b' } }));
    const response = await fetch(`${app.baseUrl}/trpc/committees.bySlug?input=${input}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { json: { message: string; data: { appCode: string } } };
    };
    expect(body.error.json.message).toBe('Text may not contain NUL characters.');
    expect(body.error.json.data.appCode).toBe('BAD_INPUT');
  });

  it('an unknown API path is a JSON 404', async () => {
    const response = await fetch(`${app.baseUrl}/api/nothing-here`);
    expect(response.status).toBe(404);
  });
});

describe('client address behind a proxy (TRUST_PROXY as proxy addresses)', () => {
  let proxied: TestApp;
  beforeAll(async () => {
    // The test clients connect from 127.0.0.1: the one proxy believed.
    proxied = await startTestApp({ TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await proxied?.close();
  });

  it('takes the address the proxy saw, not one the client wrote into X-Forwarded-For', async () => {
    const user = await makeUser(proxied);
    const signIn = (password: string) =>
      fetch(`${proxied.baseUrl}/trpc/auth.signIn`, {
        method: 'POST',
        // The client claims 203.0.113.1; the one proxy in front appended what it saw.
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.1, 10.9.9.9' },
        body: JSON.stringify({ json: { email: user.email, password } }),
      });
    expect((await signIn('not the password')).status).toBe(401);
    const keys = (await proxied.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    expect(keys).toContain('sign-in:ip:10.9.9.9');
    expect(keys.some((k) => k.includes('203.0.113.1'))).toBe(false);

    // better-auth records the same address on the session.
    expect((await signIn(user.password)).status).toBe(200);
    const session = await proxied.db
      .selectFrom('sessions')
      .select('ip_address')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(session.ip_address).toBe('10.9.9.9');
  });
});
