import { type Kysely, sql } from 'kysely';

/**
 * One row per run of a scheduled task (renewal reminders, reconciliation, ...), written by the
 * worker: when it ran, on which worker, and what it did. Admins and operators read the last runs;
 * the multi-replica test counts them to prove each scheduled run happens once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE task_runs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      task text NOT NULL,
      job_id text,
      worker text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      outcome text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed')),
      detail jsonb
    );
    CREATE INDEX task_runs_task_started_idx ON task_runs(task, started_at DESC);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS task_runs`.execute(db);
}
