import type { Executor } from '@societas/db';
import { sql } from '@societas/db';

export interface NewOutboxMessage {
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody?: string | null;
  kind: string;
  /** When set, a second message with the same key is silently not queued (sent at most once). */
  dedupeKey?: string | null;
  sendAfter?: Date;
}

export async function insertOutboxMessage(db: Executor, message: NewOutboxMessage): Promise<boolean> {
  const result = await db
    .insertInto('email_outbox')
    .values({
      to_address: message.toAddress,
      subject: message.subject,
      text_body: message.textBody,
      html_body: message.htmlBody ?? null,
      kind: message.kind,
      dedupe_key: message.dedupeKey ?? null,
      send_after: message.sendAfter ?? new Date(),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function listOutbox(db: Executor, page: number, pageSize: number) {
  const [items, total] = await Promise.all([
    db
      .selectFrom('email_outbox')
      .select(['id', 'to_address', 'subject', 'text_body', 'kind', 'status', 'created_at', 'sent_at'])
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * Claims up to `limit` due messages for delivery. SKIP LOCKED lets several workers deliver
 * at once without sending a message twice.
 */
export async function claimDueMessages(db: Executor, limit: number) {
  return db
    .selectFrom('email_outbox')
    .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'attempts'])
    .where('status', '=', 'pending')
    .where('send_after', '<=', sql<Date>`now()`)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markSent(db: Executor, id: number) {
  await db
    .updateTable('email_outbox')
    .set({ status: 'sent', sent_at: sql<Date>`now()`, attempts: sql<number>`attempts + 1` })
    .where('id', '=', id)
    .execute();
}

export async function markFailedAttempt(db: Executor, id: number, error: string, giveUp: boolean) {
  await db
    .updateTable('email_outbox')
    .set({
      status: giveUp ? 'failed' : 'pending',
      last_error: error.slice(0, 500),
      attempts: sql<number>`attempts + 1`,
      // Back off: retry in attempts^2 minutes.
      send_after: sql<Date>`now() + make_interval(mins => (attempts + 1) * (attempts + 1))`,
    })
    .where('id', '=', id)
    .execute();
}

export async function countPending(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('email_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
