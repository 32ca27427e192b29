import { migrateToLatest } from '@societas/db';
import { ensureReferenceData } from '@societas/db/seed';
import { runOneOffCommand } from './lib/one-off-command.js';

/** `node apps/api/dist/migrate.js`: applies pending migrations and exits (the Kubernetes Job). */
runOneOffCommand('Migration failed', async (handle) => {
  const result = await migrateToLatest(handle.db);
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
  const reference = await ensureReferenceData(handle.db);
  console.log(`Reference data: ${reference.countries} country bands, ${reference.plans} plans added.`);
});
