import type { MembershipStatus } from '@societas/contracts';
import { type DbHandle, sql } from '@societas/db';
import { createTestDatabase } from '@societas/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { deriveMembership, type LedgerFact } from '../../src/modules/membership/membership.rules.js';
import { refresh } from '../../src/modules/reports/index.js';
import { type BoundaryRow, STATUS_BOUNDARIES, WITH_BENEFITS } from './status-boundaries.js';

/**
 * One boundary table (status-boundaries.ts), three implementations of membership status:
 * deriveMembership() in TypeScript, directory_benefits_until() in SQL (the directory's list
 * filter), refresh_report_summaries() in PL/pgSQL (the reports). Each is run in several zones:
 * the server's own default (the API's pool sets no zone, so this is what production runs in: the
 * society has no zone setting of its own and works in UTC, see ADR 014), UTC, and zones far from
 * UTC with and without daylight saving. The ledger is written in that session zone (the directory
 * summary is computed by a trigger in the writer's session) and Node runs with TZ set to it.
 */
const ZONES = [
  'server default',
  'UTC',
  'America/New_York',
  'Australia/Sydney',
  'Pacific/Kiritimati',
] as const;
type Zone = (typeof ZONES)[number];

let handle: DbHandle;
/** users[zone][row index] = user id */
const users = new Map<Zone, string[]>();

function facts(row: BoundaryRow): LedgerFact[] {
  return row.ledger.map((e, i) => ({
    id: i + 1,
    kind: e.kind,
    planId: null,
    termYears: e.termYears,
    startsAt: e.startsAt ? new Date(e.startsAt) : null,
    endsAt: e.endsAt ? new Date(e.endsAt) : null,
    createdAt: new Date(e.createdAt),
  }));
}

async function inZone<T>(zone: Zone, work: (db: DbHandle['db']) => Promise<T>): Promise<T> {
  return handle.db.connection().execute(async (conn) => {
    if (zone !== 'server default') await sql`SELECT set_config('TimeZone', ${zone}, false)`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`RESET TIME ZONE`.execute(conn);
    }
  });
}

function withProcessZone<T>(zone: Zone, work: () => T): T {
  if (zone !== 'server default') vi.stubEnv('TZ', zone);
  try {
    return work();
  } finally {
    vi.unstubAllEnvs();
  }
}

const label = (row: BoundaryRow) => `${row.name} @ ${row.at}`;

beforeAll(async () => {
  handle = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  for (const e of STATUS_BOUNDARIES.flatMap((r) => r.ledger.map((ev) => ({ r, ev })))) {
    // A row's ledger is the ledger as it stands at `at`: the reports only read facts created by then.
    expect(Date.parse(e.ev.createdAt), label(e.r)).toBeLessThanOrEqual(Date.parse(e.r.at));
  }
  for (const [z, zone] of ZONES.entries()) {
    const ids = STATUS_BOUNDARIES.map((_, i) => `boundary-${z}-${i}`);
    users.set(zone, ids);
    await inZone(zone, async (db) => {
      await db
        .insertInto('users')
        .values(
          ids.map((id) => ({ id, name: id, email: `${id}@boundaries.example.org`, email_verified: true })),
        )
        .execute();
      // One statement per ledger row, in ledger order, as the application writes them.
      for (const [i, row] of STATUS_BOUNDARIES.entries()) {
        for (const e of row.ledger) {
          await db
            .insertInto('membership_events')
            .values({
              user_id: ids[i]!,
              kind: e.kind,
              term_years: e.termYears,
              starts_at: e.startsAt ? new Date(e.startsAt) : null,
              ends_at: e.endsAt ? new Date(e.endsAt) : null,
              created_at: new Date(e.createdAt),
            })
            .execute();
        }
      }
    });
  }
});

afterAll(async () => {
  await handle?.close();
});

describe.each(ZONES)('membership status boundaries, %s', (zone) => {
  it('deriveMembership() (TypeScript) gives every row its status', () => {
    const wrong = withProcessZone(zone, () =>
      STATUS_BOUNDARIES.flatMap((row) => {
        const status = deriveMembership(facts(row), new Date(row.at)).status;
        return status === row.status ? [] : [`${label(row)}: ${status}, expected ${row.status}`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('directory_benefits_until() (SQL) gives benefits exactly to the rows with benefits', async () => {
    const ids = users.get(zone)!;
    const wrong = await inZone(zone, async (db) => {
      const out: string[] = [];
      for (const [i, row] of STATUS_BOUNDARIES.entries()) {
        // The directory's list filter (directory.repository.ts), with the row's instant as the clock.
        const listed = await db
          .selectFrom('directory_membership')
          .select('user_id')
          .where('user_id', '=', ids[i]!)
          .where('benefits_until', '>', new Date(row.at))
          .executeTakeFirst();
        // The stored summary must also be what the function computes now, in this zone.
        const { rows } = await sql<{ same: boolean }>`
          SELECT directory_benefits_until(${ids[i]!}) IS NOT DISTINCT FROM
                 (SELECT benefits_until FROM directory_membership WHERE user_id = ${ids[i]!}) AS same`.execute(
          db,
        );
        const expected = WITH_BENEFITS.has(row.status);
        if (Boolean(listed) !== expected)
          out.push(`${label(row)}: listed ${Boolean(listed)}, expected ${expected}`);
        if (!rows[0]!.same) out.push(`${label(row)}: stored summary differs from directory_benefits_until()`);
      }
      return out;
    });
    expect(wrong).toEqual([]);
  });

  it('refresh_report_summaries() (PL/pgSQL) gives every row its status', async () => {
    const ids = users.get(zone)!;
    const wrong: string[] = [];
    const instants = [...new Set(STATUS_BOUNDARIES.map((r) => r.at))];
    for (const at of instants) {
      const statuses = await inZone(zone, async (db) => {
        await refresh(db, new Date(at));
        // The state at the refresh instant, as report_stock_now counts it (one segment per member).
        const { rows } = await sql<{ user_id: string; status: MembershipStatus }>`
          SELECT user_id, report_status_at(ends_at, lifetime, ended_early, ${new Date(at)}) AS status
          FROM report_member_segments
          WHERE valid_from <= ${new Date(at)} AND (valid_to IS NULL OR valid_to > ${new Date(at)})`.execute(
          db,
        );
        return new Map(rows.map((r) => [r.user_id, r.status]));
      });
      for (const [i, row] of STATUS_BOUNDARIES.entries()) {
        if (row.at !== at) continue;
        const status = statuses.get(ids[i]!) ?? 'none';
        if (status !== row.status) wrong.push(`${label(row)}: ${status}, expected ${row.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
