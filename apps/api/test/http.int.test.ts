import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
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

  it('a NUL character in a text input is a 400 (PostgreSQL cannot store it), not a 500', async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { slug: 'a\u0000b' } }));
    const response = await fetch(`${app.baseUrl}/trpc/committees.bySlug?input=${input}`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.json.message).toBe('Text may not contain NUL characters.');
    expect(body.error.json.data.appCode).toBe('BAD_INPUT');
  });

  it('an unknown API path is a JSON 404', async () => {
    const response = await fetch(`${app.baseUrl}/api/nothing-here`);
    expect(response.status).toBe(404);
  });
});
