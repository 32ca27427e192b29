import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import { withLongRunningLimits } from './limits.js';
import * as m20261122000100 from './migrations/20261122000100_foundation.js';
import * as m20261122000200 from './migrations/20261122000200_membership_billing.js';
import * as m20261122000220 from './migrations/20261122000220_one_live_subscription.js';
import * as m20261122000240 from './migrations/20261122000240_failed_payment_per_invoice.js';
import * as m20261122000300 from './migrations/20261122000300_committees_directory_spotlights.js';
import * as m20261122000310 from './migrations/20261122000310_directory_indexes.js';
import * as m20261122000320 from './migrations/20261122000320_slug_history.js';
import * as m20261122000330 from './migrations/20261122000330_users_email_trgm.js';
import * as m20261122000400 from './migrations/20261122000400_job_board.js';
import * as m20261122000600 from './migrations/20261122000600_reports.js';
import * as m20261122000650 from './migrations/20261122000650_reports_filtered_list_indexes.js';
import * as m20261122000900 from './migrations/20261122000900_task_runs.js';
import * as m20261122000910 from './migrations/20261122000910_refund_request_key.js';
import * as m20261201000100 from './migrations/20261201000100_job_search_notify.js';
import * as m20261202000200 from './migrations/20261202000200_job_closing_takedown.js';
import * as m20261203000300 from './migrations/20261203000300_plan_eligibility.js';
import * as m20261203001400 from './migrations/20261203001400_directory_grace_in_hours.js';
import * as m20261203001500 from './migrations/20261203001500_user_locale.js';
import * as m20261203001600 from './migrations/20261203001600_files.js';
import * as m20261203002500 from './migrations/20261203002500_society_settings.js';
import * as m20261204000300 from './migrations/20261204000300_uploads_in_use.js';

/**
 * Migrations are listed here rather than read from a folder so the bundled production server
 * carries them. Names are timestamp-prefixed and never change once landed.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261122000100_foundation': m20261122000100,
  '20261122000200_membership_billing': m20261122000200,
  '20261122000220_one_live_subscription': m20261122000220,
  '20261122000240_failed_payment_per_invoice': m20261122000240,
  '20261122000300_committees_directory_spotlights': m20261122000300,
  '20261122000310_directory_indexes': m20261122000310,
  '20261122000320_slug_history': m20261122000320,
  '20261122000330_users_email_trgm': m20261122000330,
  '20261122000400_job_board': m20261122000400,
  '20261122000600_reports': m20261122000600,
  '20261122000650_reports_filtered_list_indexes': m20261122000650,
  '20261122000900_task_runs': m20261122000900,
  '20261122000910_refund_request_key': m20261122000910,
  '20261201000100_job_search_notify': m20261201000100,
  '20261202000200_job_closing_takedown': m20261202000200,
  '20261203000300_plan_eligibility': m20261203000300,
  '20261203001400_directory_grace_in_hours': m20261203001400,
  '20261203001500_user_locale': m20261203001500,
  '20261203001600_files': m20261203001600,
  '20261203002500_society_settings': m20261203002500,
  '20261204000300_uploads_in_use': m20261204000300,
};

// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema type
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  // A migration may build an index on a large table, or wait for another replica's migration:
  // the pool's request limits (statement, lock) would kill it, so it runs under the long ones.
  return withLongRunningLimits(db, (conn) => migrateOn(conn));
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema type
async function migrateOn(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    // Work streams land in parallel, each in its own timestamp range (e.g. committees 0300-0399,
    // worker 0900), so a branch merged later can bring a migration that sorts before one a database
    // already ran. Such migrations must not depend on each other; they run in name order when new.
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, {
      cause: result.error,
    });
  }
  return result;
}
