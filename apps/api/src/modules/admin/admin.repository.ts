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
