import { randomUUID } from 'node:crypto';
import { sql } from '@societas/db';
import { createTRPCUntypedClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { createTestClient, makeUser, type TestApp } from '../harness.js';

export const ROLES = [
  'anonymous',
  'member',
  'lapsedMember',
  'chairOfA',
  'chairOfB',
  'employer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export type CallResult = { ok: true } | { ok: false; httpStatus: number; code: string; message: string };

export interface RoleSession {
  role: Role;
  userId: string | null;
  /** The session's own fetch (its cookie jar and address), for raw requests. */
  fetch: typeof fetch;
  call(type: 'query' | 'mutation', path: string, input: unknown): Promise<CallResult>;
}

export interface Fixture {
  sessions: Record<Role, RoleSession>;
  committeeA: string;
  committeeB: string;
}

const DAY = 86_400_000;

async function giveMembership(app: TestApp, userId: string, endsInDays: number) {
  const plan = await app.db
    .insertInto('plans')
    .values({ code: `matrix-${randomUUID().slice(0, 8)}`, name: 'Regular', sort_order: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const endsAt = new Date(Date.now() + endsInDays * DAY);
  await app.db
    .insertInto('membership_events')
    .values({
      user_id: userId,
      kind: 'joined',
      plan_id: plan.id,
      term_years: 1,
      starts_at: new Date(endsAt.getTime() - 365 * DAY),
      ends_at: endsAt,
    })
    .execute();
}

async function committee(app: TestApp, name: string) {
  const row = await app.db
    .insertInto('committees')
    .values({ slug: `${name.toLowerCase()}-${randomUUID().slice(0, 6)}`, name, kind: 'standing' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function chair(app: TestApp, committeeId: string, userId: string) {
  await sql`INSERT INTO committee_terms (committee_id, user_id, role, starts_on)
            VALUES (${committeeId}, ${userId}, 'chair', current_date - 30)`.execute(app.db);
}

/** One signed-in client per role (anonymous has none), each with its own cookie jar and address. */
export async function setUpRoles(app: TestApp): Promise<Fixture> {
  const committeeA = await committee(app, 'Alpha');
  const committeeB = await committee(app, 'Beta');
  const users: Partial<Record<Role, { id: string; email: string; password: string }>> = {};
  for (const role of ROLES) {
    if (role === 'anonymous') continue;
    users[role] = await makeUser(app, { role: role === 'admin' ? 'admin' : 'user' });
  }
  await giveMembership(app, users.member!.id, 200);
  await giveMembership(app, users.lapsedMember!.id, -400);
  for (const r of ['chairOfA', 'chairOfB', 'employer', 'admin'] as const)
    await giveMembership(app, users[r]!.id, 200);
  await chair(app, committeeA, users.chairOfA!.id);
  await chair(app, committeeB, users.chairOfB!.id);
  const employer = await app.db
    .insertInto('employers')
    .values({ name: 'Matrix Bio', billing_email: 'billing@matrix.example' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await app.db
    .insertInto('employer_users')
    .values({ employer_id: employer.id, user_id: users.employer!.id })
    .execute();

  const sessions = {} as Record<Role, RoleSession>;
  for (const role of ROLES) {
    const browser = createTestClient(app.baseUrl);
    const user = users[role];
    if (user) await browser.trpc.auth.signIn.mutate({ email: user.email, password: user.password });
    const client = createTRPCUntypedClient({
      links: [httpLink({ url: `${app.baseUrl}/trpc`, transformer: superjson, fetch: browser.fetch })],
    });
    sessions[role] = {
      role,
      userId: user?.id ?? null,
      fetch: browser.fetch,
      async call(type, path, input) {
        try {
          if (type === 'query') await client.query(path, input);
          else await client.mutation(path, input);
          return { ok: true };
        } catch (error) {
          if (!(error instanceof TRPCClientError)) throw error;
          const data = (error.data ?? {}) as { httpStatus?: number; appCode?: string };
          return {
            ok: false,
            httpStatus: data.httpStatus ?? 0,
            code: data.appCode ?? 'UNKNOWN',
            message: error.message,
          };
        }
      },
    };
  }
  return { sessions, committeeA, committeeB };
}

/**
 * Every table's contents as one fingerprint, except sessions (a request refreshes its session's
 * expiry) and rate-limit counters (refused attempts are meant to count).
 */
export async function fingerprint(app: TestApp): Promise<string> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('sessions', 'rate_limits', 'kysely_migration', 'kysely_migration_lock')
    ORDER BY table_name`.execute(app.db);
  const parts: string[] = [];
  for (const { table_name } of rows) {
    const r = await sql<{ digest: string | null }>`
      SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${sql.table(table_name)} t`.execute(
      app.db,
    );
    parts.push(`${table_name}:${r.rows[0]?.digest}`);
  }
  return parts.join('\n');
}
