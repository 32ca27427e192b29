import { sql } from '@societas/db';
import pino from 'pino';
import { z } from 'zod';
import { recordAudit } from '../../src/modules/audit/index.js';
import { AMOUNT_MISMATCH_ACTION } from '../../src/modules/billing/index.js';
import { appRouter } from '../../src/trpc/router.js';
import { SCHEDULED_TASKS } from '../../src/worker/tasks.js';
import { startWorker } from '../../src/worker/worker.js';
import type { TestApp } from '../harness.js';
import { type Fixture, setUpRoles } from './roles.js';
import { validValue } from './valid-input.js';

/**
 * Every tRPC procedure of the router with its input schema, the role fixture with the rows the
 * inputs name, and a valid input per procedure: shared by the authorization matrix and the
 * hostile-input test.
 */
type Schema = z.core.$ZodType;
export interface Procedure {
  path: string;
  type: 'query' | 'mutation';
  /** The procedure's input parsers (a chair procedure has two: committeeId, then its own). */
  inputs: Schema[];
  /** One schema for generating and mutating: the inputs' object shapes merged. */
  schema: Schema | null;
}
export const PROCEDURES: Procedure[] = Object.entries(
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

export interface InputFixture extends Fixture {
  termId: string;
  planCode: string;
  planId: string;
  proofPlanCode: string;
  /** A paid membership payment of the member, flagged for a mismatched amount (admin.overview). */
  memberPaymentId: string;
}

/**
 * Valid inputs whose generated value names a row that does not exist get a real one from the
 * fixtures, so the handler goes past its lookup.
 */
const OVERRIDES: Record<string, (f: InputFixture) => unknown> = {
  committeeId: (f) => f.committeeA,
  termId: (f) => f.termId,
  userId: (f) => f.sessions.member.userId,
  memberUserId: (f) => f.sessions.member.userId,
  planCode: (f) => f.planCode,
  nextPlanCode: (f) => f.planCode,
  planId: (f) => f.planId,
};
/** Per procedure, where a field's generic value cannot be right (undefined drops the field). */
const PROCEDURE_OVERRIDES: Record<string, (f: InputFixture) => Record<string, unknown>> = {
  // A generated fileId names no upload of the member's: the text-only proof is the valid input here.
  'membership.submitProof': (f) => ({
    planCode: f.proofPlanCode,
    fileId: null,
    details: 'PhD student; my supervisor can confirm by email',
  }),
  // The member's own receipt: the member and admins read it (an admin's read is audited).
  'membership.receipt': (f) => ({ paymentId: f.memberPaymentId }),
  // A cursor is an opaque token the previous page returned.
  'jobs.search': () => ({ cursor: undefined }),
  // A colour and a time zone: no generic candidate string is one.
  'settings.update': () => ({ brandColour: '#1c7ed6', defaultTimeZone: 'Europe/Madrid' }),
  // updateTerm (earlier) moves the term's start to the generated date.
  'committees.endTerm': () => ({ endsOn: '2030-06-30' }),
};

/**
 * The roles (roles.ts), a member's term on committee A, a plan and a plan that needs proof, and a
 * payment of the member's that the admin home lists as charged another amount than the price.
 */
export async function setUpInputFixture(app: TestApp): Promise<InputFixture> {
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
  const payment = await app.db
    .insertInto('payments')
    .values({
      user_id: roles.sessions.member.userId!,
      kind: 'membership',
      status: 'paid',
      amount_minor: 4000,
      currency: 'USD',
      plan_id: plan.id,
      term_years: 1,
      paid_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(app.db, {
    actorUserId: null,
    action: AMOUNT_MISMATCH_ACTION,
    entityType: 'payment',
    entityId: payment.id,
    before: { expectedMinor: 5000 },
    after: { chargedMinor: 4000, currency: 'USD' },
  });
  // As in any deployment, a worker has set up the job queues once (else "Refresh now" rightly
  // answers that no worker is running, a 503 that is not what these tests look for).
  const refreshTask = SCHEDULED_TASKS.filter((t) => t.name === 'reports-refresh');
  const worker = await startWorker({
    db: app.db,
    env: app.env,
    log: pino({ level: 'silent' }),
    databaseUrl: app.env.DATABASE_URL!,
    tasks: refreshTask,
  });
  await worker.stop();
  return {
    ...roles,
    termId: term.id,
    planCode: plan.code,
    planId: plan.id,
    proofPlanCode: proofPlan.code,
    memberPaymentId: payment.id,
  };
}

/** A valid input for `p`: each parser's own valid value (its refinements honoured), merged. */
export function validInputFor(p: Procedure, fx: InputFixture): unknown {
  if (!p.schema) return undefined;
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
