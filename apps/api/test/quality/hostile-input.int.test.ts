import { sql } from '@societas/db';
import pino from 'pino';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appRouter } from '../../src/trpc/router.js';
import { SCHEDULED_TASKS } from '../../src/worker/tasks.js';
import { startWorker } from '../../src/worker/worker.js';
import { startTestApp, TEST_PUBLIC_URL, type TestApp } from '../harness.js';
import { ACCESS, ALLOWED, ENDS_SESSION } from './access-matrix.js';
import { type Fixture, fingerprint, type Role, type RoleSession, setUpRoles } from './roles.js';
import { mutations, validValue } from './valid-input.js';

/**
 * For every procedure, as every role that may call it: a valid input generated from its zod schema,
 * then that input with one leaf (nested ones included) made hostile at a time (wrong types, huge
 * strings, unicode/NUL/RTL, negative, huge and NaN numbers, SQL and HTML fragments, a required field
 * missing, an extra key) never produces a 5xx or an error in the log, and where zod refuses the
 * input the 400 names the mutated field. Whole-input garbage and broken bodies are sent too; and
 * every mutation refuses the CSRF shapes (form-encoded, text/plain, GET, foreign Origin).
 */
type Schema = z.core.$ZodType;
interface Procedure {
  path: string;
  type: 'query' | 'mutation';
  /** The procedure's input parsers (a chair procedure has two: committeeId, then its own). */
  inputs: Schema[];
  /** One schema for generating and mutating: the inputs' object shapes merged. */
  schema: Schema | null;
}
const procedures: Procedure[] = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs: Schema[] } }>,
).map(([path, p]) => {
  const inputs = p._def.inputs;
  const schema =
    inputs.length <= 1
      ? (inputs[0] ?? null)
      : z.object(
          Object.assign(
            {},
            ...inputs.map((i) => (i._zod.def as unknown as { shape: Record<string, z.ZodType> }).shape),
          ),
        );
  return { path, type: p._def.type as 'query' | 'mutation', inputs, schema };
});

/** Cases per procedure: all of them for admin (reaches every handler), a sample for other roles. */
const ADMIN_CASES = 26;
const OTHER_ROLE_CASES = 4;

/**
 * Valid inputs whose generated value names a row that does not exist get a real one from the
 * fixtures, so the handler goes past its lookup.
 */
const OVERRIDES: Record<string, (f: Fixture & Extra) => unknown> = {
  committeeId: (f) => f.committeeA,
  termId: (f) => f.termId,
  userId: (f) => f.sessions.member.userId,
  memberUserId: (f) => f.sessions.member.userId,
  planCode: (f) => f.planCode,
  nextPlanCode: (f) => f.planCode,
  planId: (f) => f.planId,
};
/** Per procedure, where a field's generic value cannot be right (undefined drops the field). */
const PROCEDURE_OVERRIDES: Record<string, (f: Fixture & Extra) => Record<string, unknown>> = {
  'membership.submitProof': (f) => ({ planCode: f.proofPlanCode }),
  // A cursor is an opaque token the previous page returned.
  'jobs.search': () => ({ cursor: undefined }),
  // updateTerm (earlier) moves the term's start to the generated date.
  'committees.endTerm': () => ({ endsOn: '2030-06-30' }),
};
interface Extra {
  termId: string;
  planCode: string;
  planId: string;
  proofPlanCode: string;
}

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
let fx: Fixture & Extra;
const logLines: string[] = [];
beforeAll(async () => {
  app = await startTestApp({}, { logLines });
  const roles = await setUpRoles(app);
  // A member's term on committee A (not its chair's, which the chair's own calls rely on).
  const term = await app.db
    .insertInto('committee_terms')
    .values({
      committee_id: roles.committeeA,
      user_id: roles.sessions.member.userId!,
      role: 'member',
      starts_on: sql`current_date - 10`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const plan = await app.db.selectFrom('plans').select(['id', 'code']).executeTakeFirstOrThrow();
  const proofPlan = await app.db
    .insertInto('plans')
    .values({ code: 'hostile-student', name: 'Student', requires_proof: true, is_trainee: true })
    .returning('code')
    .executeTakeFirstOrThrow();
  fx = { ...roles, termId: term.id, planCode: plan.code, planId: plan.id, proofPlanCode: proofPlan.code };
  // As in any deployment, a worker has set up the job queues once (else "Refresh now" rightly
  // answers that no worker is running, a 503 that is not what this test looks for).
  const refreshTask = SCHEDULED_TASKS.filter((t) => t.name === 'reports-refresh');
  const worker = await startWorker({
    db: app.db,
    env: app.env,
    log: pino({ level: 'silent' }),
    databaseUrl: app.env.DATABASE_URL!,
    tasks: refreshTask,
  });
  await worker.stop();
});
afterAll(() => app?.close());

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

function baseInput(p: Procedure): unknown {
  if (!p.schema) return undefined;
  // Each parser's own valid value (its refinements honoured), merged.
  const parts = p.inputs.map((i) => validValue(i));
  const base = (parts.length > 1 ? Object.assign({}, ...parts) : parts[0]) as
    | Record<string, unknown>
    | undefined;
  if (!base || typeof base !== 'object') return base;
  for (const [key, value] of Object.entries(OVERRIDES)) if (key in base) base[key] = value(fx);
  for (const [key, value] of Object.entries(PROCEDURE_OVERRIDES[p.path]?.(fx) ?? {}))
    if (value === undefined) delete base[key];
    else base[key] = value;
  return base;
}

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
