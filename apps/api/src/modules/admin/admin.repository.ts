import type { Executor } from '@societas/db';
import { sql } from '@societas/db';

export async function userCounts(db: Executor) {
  const row = await db
    .selectFrom('users')
    .select([
      (eb) => eb.fn.countAll<number>().as('users'),
      sql<number>`count(*) FILTER (WHERE email_verified)`.as('verified'),
      sql<number>`count(*) FILTER (WHERE role = 'admin')`.as('admins'),
    ])
    .executeTakeFirstOrThrow();
  return { users: Number(row.users), verifiedUsers: Number(row.verified), admins: Number(row.admins) };
}

export async function listUsers(
  db: Executor,
  opts: { page: number; pageSize: number; search?: string | undefined },
) {
  let query = db.selectFrom('users');
  if (opts.search) {
    const pattern = `%${opts.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  const [items, total] = await Promise.all([
    query
      .select(['id', 'name', 'email', 'role', 'email_verified', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Payments flagged because Stripe charged another amount than our price (newest first). */
export async function paymentFlags(db: Executor, action: string, limit = 20) {
  const rows = await db
    .selectFrom('audit_log as a')
    .innerJoin('payments as p', (join) => join.on(sql`p.id::text`, '=', sql.ref('a.entity_id')))
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'p.id as paymentId',
      'p.receipt_number as receiptNumber',
      'p.user_id as userId',
      'u.name as memberName',
      'a.before',
      'a.after',
      'a.created_at as flaggedAt',
    ])
    .where('a.action', '=', action)
    .where('a.entity_type', '=', 'payment')
    .orderBy('a.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const before = (r.before ?? {}) as { expectedMinor?: number };
    const after = (r.after ?? {}) as { chargedMinor?: number; currency?: string };
    return {
      paymentId: String(r.paymentId),
      receiptNumber: r.receiptNumber,
      userId: r.userId,
      memberName: r.memberName,
      expectedMinor: Number(before.expectedMinor ?? 0),
      chargedMinor: Number(after.chargedMinor ?? 0),
      currency: after.currency ?? 'USD',
      flaggedAt: r.flaggedAt,
    };
  });
}
