import type { Executor, JobStatus } from '@societas/db';
import { sql } from '@societas/db';

export const JOB_COLUMNS = [
  'j.id',
  'j.employer_id',
  'j.title',
  'j.employer_name',
  'j.description_md',
  'j.position_type',
  'j.sector',
  'j.country_code',
  'j.city',
  'j.workplace',
  'j.career_stage',
  'j.salary_min',
  'j.salary_max',
  'j.salary_currency',
  'j.closing_on',
  'j.apply_url',
  'j.apply_email',
  'j.product',
  'j.status',
  'j.rejection_reason',
  'j.published_at',
  'j.expires_at',
  'j.views',
  'j.apply_clicks',
  'j.created_at',
  'j.updated_at',
] as const;

export async function findJob(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('jobs as j')
    .innerJoin('employers as e', 'e.id', 'j.employer_id')
    .select([...JOB_COLUMNS, 'e.logo_url', 'e.billing_email', 'e.name as org_name'])
    .where('j.id', '=', id);
  if (options.forUpdate) q = q.forUpdate('j');
  return q.executeTakeFirst();
}
export type JobRow = NonNullable<Awaited<ReturnType<typeof findJob>>>;

export async function setJobStatus(
  db: Executor,
  id: string,
  status: JobStatus,
  extra: { rejectionReason?: string | null; publishedAt?: Date; expiresAt?: Date | null } = {},
) {
  await db
    .updateTable('jobs')
    .set({
      status,
      updated_at: sql`now()`,
      ...(extra.rejectionReason !== undefined ? { rejection_reason: extra.rejectionReason } : {}),
      ...(extra.publishedAt ? { published_at: extra.publishedAt } : {}),
      ...(extra.expiresAt !== undefined ? { expires_at: extra.expiresAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function findEmployer(db: Executor, id: string) {
  return db
    .selectFrom('employers')
    .select(['id', 'name', 'logo_url', 'billing_email'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function hasPaidFor(db: Executor, jobId: string) {
  const row = await db
    .selectFrom('payments')
    .select('id')
    .where('job_id', '=', jobId)
    .where('kind', '=', 'job_posting')
    .where('status', 'in', ['paid', 'partially_refunded'])
    .executeTakeFirst();
  return Boolean(row);
}

export async function findOrder(db: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('job_orders')
    .select([
      'id',
      'job_id',
      'employer_id',
      'user_id',
      'product',
      'duration_days',
      'is_renewal',
      'member_price',
      'amount_minor',
      'currency',
      'stripe_session_id',
      'session_url',
      'status',
      'payment_id',
      'created_at',
    ])
    .where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}
export type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

export async function findOrderBySession(db: Executor, sessionId: string) {
  return db
    .selectFrom('job_orders')
    .select(['id', 'job_id', 'user_id', 'employer_id'])
    .where('stripe_session_id', '=', sessionId)
    .executeTakeFirst();
}
