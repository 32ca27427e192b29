import type { DB } from '@societas/db';

export async function startTaskRun(db: DB, run: { task: string; jobId: string | null; worker: string }) {
  const row = await db
    .insertInto('task_runs')
    .values({ task: run.task, job_id: run.jobId, worker: run.worker })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishTaskRun(
  db: DB,
  id: number,
  outcome: 'succeeded' | 'failed',
  detail: Record<string, unknown>,
) {
  await db
    .updateTable('task_runs')
    .set({ outcome, finished_at: new Date(), detail: JSON.stringify(detail) })
    .where('id', '=', id)
    .execute();
}

/** Keeps the table small: runs older than `days` are removed (by the heartbeat task). */
export async function pruneTaskRuns(db: DB, days: number, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('task_runs')
    .where('started_at', '<', new Date(now.getTime() - days * 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The newest run of each task, for operators and the admin overview. */
export async function lastRuns(db: DB) {
  return db
    .selectFrom('task_runs')
    .selectAll()
    .distinctOn('task')
    .orderBy('task')
    .orderBy('started_at', 'desc')
    .execute();
}
