import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { startTestApp, TEST_PUBLIC_URL, type TestApp } from '../harness.js';
import { ACCESS, ALLOWED, ENDS_SESSION } from './access-matrix.js';
import {
  type InputFixture,
  PROCEDURES,
  type Procedure,
  setUpInputFixture,
  validInputFor,
} from './procedures.js';
import { fingerprint, type Role, type RoleSession } from './roles.js';
import { mutations } from './valid-input.js';

/**
 * For every procedure, as every role that may call it: a valid input generated from its zod schema,
 * then that input with one leaf (nested ones included) made hostile at a time (wrong types, huge
 * strings, unicode/NUL/RTL, negative, huge and NaN numbers, SQL and HTML fragments, a required field
 * missing, an extra key) never produces a 5xx or an error in the log, and where zod refuses the
 * input the 400 names the mutated field. Whole-input garbage and broken bodies are sent too; and
 * every mutation refuses the CSRF shapes (form-encoded, text/plain, GET, foreign Origin).
 */
/** Cases per procedure: all of them for admin (reaches every handler), a sample for other roles. */
const ADMIN_CASES = 26;
const OTHER_ROLE_CASES = 4;

/**
 * Procedures whose valid generated input is still refused with a 400 by the service, each with
 * the reason. The test fails if one of these starts to be accepted or another one is refused.
 */
const BASE_REFUSED: Record<string, string> = {
  'auth.resetPassword': 'the token is a secret from a mail',
  'auth.changePassword': "the current password is the caller's secret (and must not change here)",
  'membership.cancelAutoRenewByToken': 'the token is signed by the server',
  'jobs.unsubscribeAlert': 'the token is signed by the server',
};

/**
 * The only mutations whose 400 names a different field than the mutated one: rules between two
 * fields, which point at the second. Any other case names the field it mutated.
 */
const CROSS_FIELD: string[] = [
  'auth.changePassword: newPassword -> confirmPassword',
  'auth.resetPassword: password -> confirmPassword',
];

const WHOLE_INPUTS: unknown[] = [
  undefined,
  null,
  -1,
  1e308,
  Number.NaN,
  'x'.repeat(5000),
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  [],
  [1, 'two', null],
  { $ne: null },
];
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
let fx: InputFixture;
const logLines: string[] = [];
beforeAll(async () => {
  app = await startTestApp({}, { logLines });
  fx = await setUpInputFixture(app);
});
afterAll(() => app?.close());
const procedures = PROCEDURES;
const baseInput = (p: Procedure) => validInputFor(p, fx);

interface Answer {
  status: number;
  message?: string;
  fieldErrors?: Record<string, string[]>;
}

async function send(session: RoleSession, p: Procedure, encoded: string): Promise<Answer> {
  const response =
    p.type === 'query'
      ? await session.fetch(`${app.baseUrl}/trpc/${p.path}?input=${encodeURIComponent(encoded)}`)
      : await session.fetch(`${app.baseUrl}/trpc/${p.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: TEST_PUBLIC_URL },
          body: encoded,
        });
  const text = await response.text();
  try {
    const error = JSON.parse(text)?.error?.json;
    return { status: response.status, message: error?.message, fieldErrors: error?.data?.fieldErrors };
  } catch {
    return { status: response.status };
  }
}

const encode = (input: unknown) => JSON.stringify(superjson.serialize(input));

/** The field paths zod refuses in `input`, or null when every parser accepts it. */
function zodRefusal(p: Procedure, input: unknown): string[] | null {
  for (const parser of p.inputs) {
    const result = (parser as unknown as z.ZodType).safeParse(input);
    if (!result.success) return result.error.issues.map((i) => i.path.map(String).join('.') || '_');
  }
  return null;
}

/**
 * Who calls `path`: each distinct way in that its access rule allows (anonymous, the least
 * privileged signed-in role, admin), admin last so its successful calls do not change what the
 * others reach first. A signed-in role never calls what ends its session.
 */
function rolesFor(path: string): Role[] {
  const allowed = ALLOWED[ACCESS[path]!];
  const roles: Role[] = [];
  if (allowed.includes('anonymous')) roles.push('anonymous');
  const signedIn = allowed.find((r) => r !== 'anonymous' && r !== 'admin');
  if (signedIn) roles.push(signedIn);
  roles.push('admin');
  return ENDS_SESSION.has(path) ? roles.filter((r) => r === 'anonymous') : roles;
}

describe('hostile input', () => {
  it('every procedure has a role that reaches it, and a valid input is generated for each', () => {
    expect(procedures.filter((p) => !ACCESS[p.path]).map((p) => p.path)).toEqual([]);
    const ungenerated = procedures.filter((p) => p.schema && zodRefusal(p, baseInput(p)) !== null);
    expect(ungenerated.map((p) => `${p.path}: ${zodRefusal(p, baseInput(p))}`)).toEqual([]);
  });

  it('valid inputs with one hostile field never get a 5xx or a logged error; zod 400s name the field', async () => {
    const failures: string[] = [];
    const baseRefused: Record<string, string> = {};
    /** Mutations zod refuses at another field than the mutated one (cross-field rules). */
    const otherField = new Set<string>();
    let sent = 0;
    for (const p of procedures) {
      const base = baseInput(p);
      const maxChars = p.type === 'query' ? 5000 : 100_000;
      for (const role of rolesFor(p.path)) {
        const session = fx.sessions[role];
        const limit = role === 'admin' ? ADMIN_CASES : OTHER_ROLE_CASES;
        const cases = [
          { path: '', what: 'valid input', input: base },
          ...(p.schema ? mutations(p.schema, base, { limit, maxChars }) : []),
          ...(role === 'admin' || role === 'anonymous'
            ? WHOLE_INPUTS.map((input) => ({ path: '', what: 'whole input', input }))
            : []),
        ];
        for (const c of cases) {
          const answer = await send(session, p, encode(c.input));
          sent++;
          const label = `${p.path} as ${role}, ${c.what}${c.path ? ` at ${c.path}` : ''}`;
          if (answer.status >= 500) failures.push(`${label} -> ${answer.status}`);
          if (c.what === 'valid input') {
            // Judged on the first call, before this procedure's own successful calls change its rows.
            if (role === rolesFor(p.path)[0] && answer.status === 400)
              baseRefused[p.path] = answer.message ?? '';
            continue;
          }
          if (!c.path) continue;
          // What zod makes of the input as the server receives it (superjson sends an invalid Date as null).
          const refused = zodRefusal(p, superjson.parse(encode(c.input)));
          if (refused === null) continue;
          if (answer.status !== 400) {
            failures.push(`${label}: zod refuses it but the API answered ${answer.status}`);
            continue;
          }
          // The 400 names the fields zod refused: the mutated one, or for a cross-field rule
          // (passwords that no longer match) the field that rule points at.
          const keys = Object.keys(answer.fieldErrors ?? {});
          const missing = refused.filter((k) => !keys.includes(k));
          if (missing.length > 0)
            failures.push(
              `${label}: 400 names ${JSON.stringify(keys)}, zod refused ${JSON.stringify(refused)}`,
            );
          const namesMutated = refused.some(
            (k) => k === c.path || c.path.startsWith(`${k}.`) || k.startsWith(`${c.path}.`),
          );
          if (!namesMutated) otherField.add(`${p.path}: ${c.path} -> ${refused.join(', ')}`);
        }
        if (role === 'admin' || role === 'anonymous')
          for (const body of RAW_BODIES) {
            const answer = await send(session, p, body);
            sent++;
            if (answer.status >= 500) failures.push(`${p.path} as ${role}, body ${body} -> ${answer.status}`);
          }
      }
    }
    expect(failures).toEqual([]);
    expect([...otherField].sort()).toEqual(CROSS_FIELD);
    expect(
      Object.keys(baseRefused).sort(),
      `procedures refusing their valid input: ${JSON.stringify(baseRefused)}`,
    ).toEqual(Object.keys(BASE_REFUSED).sort());
    const errors = logLines.filter((line) => JSON.parse(line).level >= 50);
    expect(errors.map((l) => l.slice(0, 300))).toEqual([]);
    // Still signed in as each role: no hostile call swapped or ended a session.
    for (const role of ['member', 'admin'] as const) {
      const r = await fx.sessions[role].fetch(`${app.baseUrl}/trpc/auth.session`);
      expect(JSON.stringify(await r.json())).toContain(fx.sessions[role].userId!);
    }
    expect(sent).toBeGreaterThan(1500);
  }, 180_000);
});

describe('CSRF on every mutation', () => {
  it('form-encoded, text/plain, GET and foreign-Origin mutations are refused and change nothing', async () => {
    const client = fx.sessions.admin;
    const before = await fingerprint(app);
    const refused: string[] = [];
    for (const p of procedures.filter((x) => x.type === 'mutation')) {
      const url = `${app.baseUrl}/trpc/${p.path}`;
      // The valid input: the only thing wrong with each request is how it was sent.
      const body = encode(baseInput(p));
      const attempts: Array<[string, RequestInit]> = [
        [
          'form',
          { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' },
        ],
        ['text/plain', { method: 'POST', headers: { 'content-type': 'text/plain' }, body }],
        [
          'foreign origin',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
            body,
          },
        ],
        ['GET', { method: 'GET' }],
      ];
      for (const [name, init] of attempts) {
        const response = await client.fetch(
          name === 'GET' ? `${url}?input=${encodeURIComponent(body)}` : url,
          init,
        );
        await response.arrayBuffer();
        if (response.status < 400 || response.status >= 500)
          refused.push(`${p.path} ${name} -> ${response.status}`);
      }
    }
    expect(refused).toEqual([]);
    expect(await fingerprint(app)).toBe(before);
  });
});
