import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DbHandle, sql } from '../src/index.js';
import { DatabaseNotEmptyError, DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo } from '../src/seed/demo.js';
import { hasScaleData, ScaleDataExistsError, seedScale } from '../src/seed/scale.js';
import { createTestDatabase } from '../src/testing.js';

const NOW = new Date('2026-11-22T12:00:00Z');

async function count(h: DbHandle, table: string, where = sql`true`): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(h.db);
  return rows[0]!.n;
}

describe('demo seed', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  });
  afterAll(() => h.close());

  it('fills every screen: members in many countries, committees with chairs, spotlights, jobs, two years of payments, a proof with its file', async () => {
    expect(await isDatabaseEmpty(h.db)).toBe(true);
    const stored = new Map<string, { bytes: Buffer; contentType: string }>();
    const summary = await seedDemo(h.db, {
      now: NOW,
      storeFile: async (key, bytes, contentType) => void stored.set(key, { bytes, contentType }),
    });

    expect(summary.members).toBeGreaterThanOrEqual(300);
    expect(summary.countries).toBeGreaterThanOrEqual(40);
    expect(summary.committees).toBeGreaterThanOrEqual(5);
    expect(summary.spotlights).toBeGreaterThanOrEqual(3);
    expect(summary.jobs).toBeGreaterThanOrEqual(150);

    // The summary is what is in the tables.
    expect(await count(h, 'member_profiles')).toBeGreaterThanOrEqual(summary.members);
    expect(await count(h, 'payments')).toBe(summary.payments);
    expect(await count(h, 'jobs')).toBe(summary.jobs);
    expect(await count(h, 'committees')).toBe(summary.committees);

    const { rows: span } = await sql<{ months: number }>`
      SELECT (EXTRACT(YEAR FROM age(max(paid_at), min(paid_at))) * 12 + EXTRACT(MONTH FROM age(max(paid_at), min(paid_at))))::int AS months
      FROM payments`.execute(h.db);
    expect(span[0]!.months).toBeGreaterThanOrEqual(23);

    // Every active committee has a current chair.
    const { rows: chairless } = await sql<{ name: string }>`
      SELECT c.name FROM committees c
      WHERE c.archived_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM committee_terms t WHERE t.committee_id = c.id AND t.role = 'chair'
          AND t.starts_on <= ${NOW.toISOString().slice(0, 10)}::date
          AND (t.ends_on IS NULL OR t.ends_on >= ${NOW.toISOString().slice(0, 10)}::date))`.execute(h.db);
    expect(chairless).toEqual([]);

    // Each demo account exists with its role.
    const emails = Object.values(DEMO_ACCOUNTS).map((a) => a.email);
    const users = await h.db
      .selectFrom('users')
      .select(['email', 'role'])
      .where('email', 'in', emails)
      .execute();
    expect(users.map((u) => u.email).sort()).toEqual([...emails].sort());
    expect(users.find((u) => u.email === DEMO_ACCOUNTS.admin.email)?.role).toBe('admin');

    // The admin's proof review has a pending proof of enrolment whose PDF is in the file store.
    const proofs = await h.db
      .selectFrom('membership_proofs as p')
      .innerJoin('files as f', 'f.id', 'p.file_id')
      .select(['p.status', 'p.user_id', 'f.owner_user_id', 'f.storage_key', 'f.visibility', 'f.size_bytes'])
      .execute();
    expect(proofs).toHaveLength(1);
    const [proof] = proofs;
    expect(proof).toMatchObject({ status: 'pending', visibility: 'private', owner_user_id: proof!.user_id });
    expect(stored.get(proof!.storage_key)?.contentType).toBe('application/pdf');
    expect(stored.get(proof!.storage_key)?.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(stored.get(proof!.storage_key)?.bytes.length).toBe(proof!.size_bytes);

    // A second run refuses rather than duplicating.
    await expect(seedDemo(h.db, { now: NOW })).rejects.toBeInstanceOf(DatabaseNotEmptyError);
  });
});

describe('demo seed is deterministic', () => {
  it('produces the same people and payments for the same clock', async () => {
    const a = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    const b = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    try {
      await seedDemo(a.db, { now: NOW });
      await seedDemo(b.db, { now: NOW });
      const snapshot = (h: DbHandle) =>
        sql<{ digest: string }>`
          SELECT md5(string_agg(u.email || ':' || coalesce(p.country_code, '') || ':' || coalesce(pay.total, 0)::text, ',' ORDER BY u.email)) AS digest
          FROM users u
          LEFT JOIN member_profiles p ON p.user_id = u.id
          LEFT JOIN (SELECT user_id, sum(amount_minor) AS total FROM payments GROUP BY user_id) pay ON pay.user_id = u.id`
          .execute(h.db)
          .then((r) => r.rows[0]!.digest);
      expect(await snapshot(a)).toBe(await snapshot(b));
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('scale seed', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  });
  afterAll(() => h.close());

  it('inserts the requested members, payments and jobs in batches and reports progress', async () => {
    await seedDemo(h.db, { now: NOW }); // scale data can follow the demo seed
    const progress: number[] = [];
    const reports: { done: number; total: number; label: string }[] = [];
    const summary = await seedScale(h.db, {
      members: 2_500,
      jobs: 700,
      paymentsPerMember: 3,
      batchSize: 1_000,
      concurrency: 2,
      now: NOW,
      onProgress: (done, total, label) => {
        progress.push(done);
        reports.push({ done, total, label });
      },
    });

    expect(summary.members).toBe(2_500);
    expect(summary.jobs).toBe(700);
    expect(await count(h, 'users', sql`id LIKE 'scale-user-%'`)).toBe(2_500);
    expect(await count(h, 'member_profiles', sql`user_id LIKE 'scale-user-%'`)).toBe(2_500);
    expect(await count(h, 'payments', sql`user_id LIKE 'scale-user-%'`)).toBe(summary.payments);
    expect(summary.payments).toBeGreaterThan(2_500);
    expect(await count(h, 'jobs', sql`id::text LIKE '5ca1e000-%'`)).toBe(700);

    // Several batches, and progress only moves forward to the end.
    expect(progress.length).toBeGreaterThan(3);
    expect([...progress].sort((x, y) => x - y)).toEqual(progress);
    // The bar reaches its end only when the seed has: the closing steps (statistics, the directory
    // summary) are on it, before "done".
    const total = reports[0]!.total;
    expect(total).toBeGreaterThan(2_500 + 700);
    expect(reports.at(-1)).toEqual({ done: total, total, label: 'done' });
    expect(reports.slice(0, -1).every((r) => r.done < total)).toBe(true);
    expect(reports.map((r) => r.label)).toEqual(
      expect.arrayContaining(['analyze', 'directory membership summary']),
    );
    const labels = reports.map((r) => r.label);
    expect(labels.indexOf('analyze')).toBeLessThan(labels.indexOf('directory membership summary'));

    // Foreign keys hold even though checks may be skipped while loading.
    const { rows } = await sql<{ orphans: number }>`
      SELECT (SELECT count(*) FROM payments p WHERE p.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id))
           + (SELECT count(*) FROM jobs j WHERE j.employer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employers e WHERE e.id = j.employer_id)) AS orphans`.execute(
      h.db,
    );
    expect(Number(rows[0]!.orphans)).toBe(0);

    // The directory's membership summary (kept by ledger triggers, which replica mode silences)
    // matches the ledger for every scale member.
    const summaryRows = await sql<{ n: number; wrong: number }>`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE dm.benefits_until IS DISTINCT FROM directory_benefits_until(u.id))::int AS wrong
      FROM users u LEFT JOIN directory_membership dm ON dm.user_id = u.id
      WHERE u.id LIKE 'scale-user-%'`.execute(h.db);
    expect(summaryRows.rows[0]).toEqual({ n: 2_500, wrong: 0 });
    expect(await count(h, 'directory_membership', sql`user_id LIKE 'scale-user-%'`)).toBeGreaterThan(0);

    expect(await hasScaleData(h.db)).toBe(true);
    await expect(seedScale(h.db, { members: 10, jobs: 0, now: NOW })).rejects.toBeInstanceOf(
      ScaleDataExistsError,
    );
  });
});
