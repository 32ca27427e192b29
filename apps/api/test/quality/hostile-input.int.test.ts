import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/trpc/router.js';
import { createTestClient, makeUser, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../harness.js';
import { ENDS_SESSION } from './access-matrix.js';
import { fingerprint } from './roles.js';

/**
 * For every procedure: malformed inputs (wrong types, huge strings, unicode, negative and huge
 * numbers, SQL and HTML fragments, missing fields) never produce a 5xx or an error in the log;
 * and every mutation refuses the CSRF shapes (form-encoded, text/plain, GET, foreign Origin).
 */
interface ZodLike {
  shape?: Record<string, unknown>;
  _zod?: { def?: { shape?: Record<string, unknown> } };
}
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs: ZodLike[] } }>,
).map(([path, p]) => ({
  path,
  type: p._def.type as 'query' | 'mutation',
  keys: [
    ...new Set(p._def.inputs.flatMap((schema) => Object.keys(schema.shape ?? schema._zod?.def?.shape ?? {}))),
  ],
}));

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  -2_147_483_649,
  1e308,
  0.5,
  '',
  'x'.repeat(100_000),
  '😀🧬\u0000\u202e‮ünïcödé'.repeat(500),
  "'; DROP TABLE users; --",
  "1' OR '1'='1",
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  [],
  [1, 'two', null],
  {},
  { $ne: null },
  '2026-02-30',
  'not-a-uuid',
];
/** Each field of an input gets these, one field at a time. */
const FIELD_VALUES: unknown[] = [
  null,
  -1,
  1e308,
  'x'.repeat(100_000),
  HOSTILE_VALUES[8],
  HOSTILE_VALUES[9],
  HOSTILE_VALUES[11],
  [],
  {},
];
const WHOLE_INPUTS: unknown[] = [undefined, ...HOSTILE_VALUES];
/** Bodies no well-behaved client sends: prototype pollution, broken JSON, a bare value. */
const RAW_BODIES = [
  '{"json":{"__proto__":{"admin":true}}}',
  '{"json":{"constructor":{"prototype":{"admin":true}}}}',
  '{"json":',
  'null',
  '"x"',
  '{"json":{},"meta":{"values":{"":["Date"]}}}',
];

let app: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  app = await startTestApp({}, { logLines });
});
afterAll(() => app?.close());

async function send(
  client: ReturnType<typeof createTestClient>,
  p: (typeof procedures)[number],
  encoded: string,
): Promise<number> {
  if (p.type === 'query') {
    const response = await client.fetch(`${app.baseUrl}/trpc/${p.path}?input=${encodeURIComponent(encoded)}`);
    await response.arrayBuffer();
    return response.status;
  }
  const response = await client.fetch(`${app.baseUrl}/trpc/${p.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TEST_PUBLIC_URL },
    body: encoded,
  });
  await response.arrayBuffer();
  return response.status;
}

describe('hostile input', () => {
  // An admin passes every role check, so the admin run reaches every handler with the bad input.
  for (const who of ['anonymous', 'admin'] as const) {
    it(`as ${who}: no procedure answers 5xx or logs an error, whatever it is sent`, async () => {
      const client = createTestClient(app.baseUrl);
      if (who !== 'anonymous') {
        const user = await makeUser(app, { role: 'admin' });
        await client.trpc.auth.signIn.mutate({ email: user.email, password: user.password });
      }
      const failures: string[] = [];
      for (const p of procedures) {
        if (who !== 'anonymous' && ENDS_SESSION.has(p.path)) continue;
        const inputs = [
          ...WHOLE_INPUTS,
          ...p.keys.flatMap((key) => FIELD_VALUES.map((value) => ({ [key]: value }))),
        ];
        const bodies = [...inputs.map((input) => JSON.stringify(superjson.serialize(input))), ...RAW_BODIES];
        for (const body of bodies) {
          const status = await send(client, p, body);
          if (status >= 500) failures.push(`${p.path} ${body.slice(0, 80)} -> ${status}`);
        }
      }
      expect(failures).toEqual([]);
      const errors = logLines.filter((line) => JSON.parse(line).level >= 50);
      expect(errors.map((l) => l.slice(0, 300))).toEqual([]);
    }, 300_000);
  }
});

describe('CSRF on every mutation', () => {
  it('form-encoded, text/plain, GET and foreign-Origin mutations are refused and change nothing', async () => {
    const user = await makeUser(app, { role: 'admin' });
    const client = createTestClient(app.baseUrl);
    await client.trpc.auth.signIn.mutate({ email: user.email, password: user.password });
    const before = await fingerprint(app);
    const refused: string[] = [];
    for (const p of procedures.filter((x) => x.type === 'mutation')) {
      const url = `${app.baseUrl}/trpc/${p.path}`;
      const attempts: Array<[string, RequestInit]> = [
        [
          'form',
          { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' },
        ],
        ['text/plain', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"json":{}}' }],
        [
          'foreign origin',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
            body: '{"json":{}}',
          },
        ],
        ['GET', { method: 'GET' }],
      ];
      for (const [name, init] of attempts) {
        const response = await client.fetch(name === 'GET' ? `${url}?input=%7B%7D` : url, init);
        await response.arrayBuffer();
        if (response.status < 400 || response.status >= 500)
          refused.push(`${p.path} ${name} -> ${response.status}`);
      }
    }
    expect(refused).toEqual([]);
    expect(await fingerprint(app)).toBe(before);
  });
});
