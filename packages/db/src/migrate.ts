import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import * as m20261122000100 from './migrations/20261122000100_foundation.js';
import * as m20261122000200 from './migrations/20261122000200_membership_billing.js';
import * as m20261122000300 from './migrations/20261122000300_committees_directory_spotlights.js';
import * as m20261122000600 from './migrations/20261122000600_reports.js';
import * as m20261122000900 from './migrations/20261122000900_task_runs.js';

/**
 * Migrations are listed here rather than read from a folder so the bundled production server
 * carries them. Names are timestamp-prefixed and never change once landed.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261122000100_foundation': m20261122000100,
  '20261122000200_membership_billing': m20261122000200,
  '20261122000300_committees_directory_spotlights': m20261122000300,
  '20261122000600_reports': m20261122000600,
  '20261122000900_task_runs': m20261122000900,
};

// biome-ignore lint/suspicious/noExplicitAny: migrations run on any schema type
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    // Branches land migrations in reserved timestamp ranges, so an older name can arrive after a newer one ran.
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
