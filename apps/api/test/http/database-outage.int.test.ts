import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
  isDatabaseUnavailable,
} from '../../src/http/database-outage.js';
import { makeUser, signedInClient, startTestApp, type TestApp } from '../harness.js';

/**
 * PostgreSQL unreachable (the server's connections go through a TCP proxy the test blocks): API
 * calls answer 503 with Retry-After and a sentence for the person, and work again once it is back.
 */
let app: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  app = await startTestApp({}, { databaseProxy: true, logLines });
});
afterAll(async () => {
  app.databaseProxy?.unblock();
  await app?.close();
});

/** A tRPC query over plain HTTP, so the status and headers can be read. */
async function query(path: string, cookie?: string) {
  const res = await fetch(`${app.baseUrl}/trpc/${path}`, { headers: cookie ? { cookie } : {} });
  const body = (await res.json()) as { error?: { json: { message: string; data: { appCode: string } } } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), error: body.error?.json };
}

describe('database outage', () => {
  it('answers 503 with Retry-After and a message while PostgreSQL is unreachable, then recovers', async () => {
    const user = await makeUser(app);
    const member = await signedInClient(app, user);
    expect((await query('committees.list')).status).toBe(200);

    app.databaseProxy!.block();
    try {
      // Anonymous (the procedure's own query fails) and signed in (the session lookup fails first).
      for (const [path, cookie] of [
        ['committees.list', undefined],
        ['auth.session', member.cookieHeader()],
      ] as const) {
        const down = await query(path, cookie);
        expect(down.status, path).toBe(503);
        expect(down.retryAfter, path).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
        expect(down.error?.message, path).toBe(DATABASE_UNAVAILABLE_MESSAGE);
        expect(down.error?.data.appCode, path).toBe('UNAVAILABLE');
      }
      const ready = await fetch(`${app.baseUrl}/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    } finally {
      app.databaseProxy!.unblock();
    }

    const back = await query('committees.list');
    expect(back.status).toBe(200);
    const session = await member.trpc.auth.session.query();
    expect(session.user?.email).toBe(user.email);
    // Logged as what it is, not as an unexpected error with a stack for the on-call person.
    expect(logLines.some((l) => l.includes('database unavailable'))).toBe(true);
    expect(logLines.filter((l) => /"level":50/.test(l))).toEqual([]);
  });
});

describe('isDatabaseUnavailable', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it('recognises refused and cut connections, shutdown SQLSTATEs and pool timeouts', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')]))).toBe(true);
    expect(
      isDatabaseUnavailable(withCode('57P01', 'terminating connection due to administrator command')),
    ).toBe(true);
    expect(isDatabaseUnavailable(withCode('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('08006'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  it('leaves other errors alone (they stay 500 or the caller’s bad input)', () => {
    expect(isDatabaseUnavailable(withCode('23505', 'duplicate key'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('57014', 'canceling statement due to statement timeout'))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
