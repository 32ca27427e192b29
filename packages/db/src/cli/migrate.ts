import { migrateToLatest } from '../index.js';
import { ensureReferenceData } from '../seed/reference.js';
import { connectFromEnv, exitOnConfigError } from './connection.js';

// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
const handle = await connectFromEnv().catch(exitOnConfigError);
try {
  const result = await migrateToLatest(handle.db);
  const applied = (result.results ?? []).filter((r) => r.status === 'Success');
  if (applied.length === 0) {
    console.log('No pending migrations; the database is up to date.');
  } else {
    for (const r of applied) console.log(`Applied ${r.migrationName}`);
    console.log(`${applied.length} migration${applied.length === 1 ? '' : 's'} applied.`);
  }
  // The shipped country bands (and default plans on a database with none), as the server does at start.
  const reference = await ensureReferenceData(handle.db);
  console.log(`Reference data: ${reference.countries} country bands, ${reference.plans} plans added.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
