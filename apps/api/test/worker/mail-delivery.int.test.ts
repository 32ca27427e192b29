import { type DbHandle, sql } from '@societas/db';
import { createTestDatabase } from '@societas/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Env, parseEnv } from '../../src/env.js';
import { createMailDeliverer, MAX_ATTEMPTS } from '../../src/modules/mail/mail.deliverer.js';
import { queueMail } from '../../src/modules/mail/mail.service.js';
import { QUEUES, wakeMailDeliveryOnQueue } from '../../src/worker/queue.js';
import { startWorker } from '../../src/worker/worker.js';
import { type SmtpStandIn, startSmtpStandIn } from '../smtp-stand-in.js';

/** Mail delivery on the job queue, against a real SMTP server on 127.0.0.1. */
let handle: DbHandle;
let smtp: SmtpStandIn;
let env: Env;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  handle = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  smtp = await startSmtpStandIn();
  env = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: handle.url,
    AUTH_SECRET: 'mail-secret-mail-secret-mail-secret-0123',
    PUBLIC_URL: 'http://localhost:3999',
    DATA_DIR: '/nonexistent',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Societas <no-reply@societas.test>',
  });
});

afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});

const outboxRow = (id: number) =>
  handle.db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const lastOutboxId = async () =>
  Number(
    (await handle.db.selectFrom('email_outbox').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow())
      .id,
  );

async function waitFor<T>(probe: () => T | Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('mail delivery', () => {
  it('a queued mail is delivered by a mail-delivery job, with the right recipient and subject', async () => {
    const worker = await startWorker({ db: handle.db, env, log, databaseUrl: handle.url, tasks: [] });
    const stopWakeups = wakeMailDeliveryOnQueue(handle.db, log, 50);
    try {
      const queuedAt = Date.now();
      expect(
        await queueMail(handle.db, 'ada@example.org', 'test', {
          subject: 'Welcome to Societas, Ada',
          text: 'Hello Ada',
        }),
      ).toBe(true);
      const mail = await waitFor(() => smtp.received.find((m) => m.to.includes('ada@example.org')), 20_000);
      expect(mail).toBeDefined();
      expect(mail!.subject).toBe('Welcome to Societas, Ada');
      expect(mail!.from).toBe('no-reply@societas.test');
      expect(mail!.raw).toContain('Hello Ada');
      // Sent on the wake-up job, not the next minute's run.
      expect(Date.now() - queuedAt).toBeLessThan(15_000);

      const row = await outboxRow(await lastOutboxId());
      expect(row).toMatchObject({ status: 'sent', attempts: 1, to_address: 'ada@example.org' });
      // The delivery ran as a pg-boss job, and the queue is scheduled every minute as a backstop.
      const jobs = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${QUEUES.mail} AND state = 'completed'`.execute(
        handle.db,
      );
      expect(jobs.rows[0]!.n).toBeGreaterThanOrEqual(1);
      const schedule = await sql<{ cron: string }>`
        SELECT cron FROM pgboss.schedule WHERE name = ${QUEUES.mail}`.execute(handle.db);
      expect(schedule.rows[0]?.cron).toBe('* * * * *');
    } finally {
      stopWakeups();
      await worker.stop();
    }
  }, 60_000);

  it('two deliverers running at once deliver each mail exactly once', async () => {
    const before = smtp.received.length;
    const subjects = Array.from({ length: 40 }, (_, i) => `Concurrent ${i}`);
    for (const subject of subjects) {
      await queueMail(handle.db, 'many@example.org', 'test', { subject, text: subject });
    }
    const a = createMailDeliverer({ db: handle.db, smtpUrl: smtp.url, from: env.MAIL_FROM, log });
    const b = createMailDeliverer({ db: handle.db, smtpUrl: smtp.url, from: env.MAIL_FROM, log });
    try {
      const [triedA, triedB] = await Promise.all([a.drain(), b.drain()]);
      expect(triedA + triedB).toBe(40);
      // Both took part: the rows one had locked, the other skipped.
      expect(triedA).toBeGreaterThan(0);
      expect(triedB).toBeGreaterThan(0);
    } finally {
      a.close();
      b.close();
    }
    const delivered = smtp.received.slice(before).map((m) => m.subject);
    expect(delivered.toSorted()).toEqual(subjects.toSorted());
    const pending = await handle.db
      .selectFrom('email_outbox')
      .select('id')
      .where('to_address', '=', 'many@example.org')
      .where('status', '!=', 'sent')
      .execute();
    expect(pending).toHaveLength(0);
  });

  it('a temporary SMTP failure is retried after a back-off and then succeeds; repeated failure ends as failed', async () => {
    const deliverer = createMailDeliverer({ db: handle.db, smtpUrl: smtp.url, from: env.MAIL_FROM, log });
    try {
      await queueMail(handle.db, 'grace@example.org', 'test', { subject: 'Your receipt', text: 'Paid' });
      const id = await lastOutboxId();
      smtp.failNext(1);
      expect(await deliverer.deliverBatch()).toBe(1);
      expect(smtp.refused()).toBe(1);
      let row = await outboxRow(id);
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(1);
      expect(row.last_error).toContain('451');
      expect(new Date(row.send_after).getTime()).toBeGreaterThan(Date.now() + 30_000); // backed off

      // Not due yet: the next run leaves it alone.
      expect(await deliverer.deliverBatch()).toBe(0);
      expect(smtp.received.filter((m) => m.to.includes('grace@example.org'))).toHaveLength(0);

      // The back-off has passed: the retry goes through, once.
      await handle.db
        .updateTable('email_outbox')
        .set({ send_after: new Date() })
        .where('id', '=', id)
        .execute();
      expect(await deliverer.deliverBatch()).toBe(1);
      row = await outboxRow(id);
      expect(row).toMatchObject({ status: 'sent', attempts: 2 });
      const received = smtp.received.filter((m) => m.to.includes('grace@example.org'));
      expect(received.map((m) => m.subject)).toEqual(['Your receipt']);

      // A message that keeps failing stops being retried after MAX_ATTEMPTS and is marked failed.
      await queueMail(handle.db, 'lost@example.org', 'test', { subject: 'Never arrives', text: '…' });
      const lostId = await lastOutboxId();
      await handle.db
        .updateTable('email_outbox')
        .set({ attempts: MAX_ATTEMPTS - 1 })
        .where('id', '=', lostId)
        .execute();
      smtp.failNext(1);
      expect(await deliverer.deliverBatch()).toBe(1);
      expect(await outboxRow(lostId)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    } finally {
      deliverer.close();
    }
  });
});
