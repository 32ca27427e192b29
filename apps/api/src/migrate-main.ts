import { createDb, LONG_RUNNING_LIMITS, migrateToLatest } from '@societas/db';
import { ensureReferenceData } from '@societas/db/seed';
import { EnvError, parseEnv } from './env.js';

/** `node apps/api/dist/migrate.js`: applies pending migrations and exits (the Kubernetes Job). */
async function main() {
  const env = parseEnv();
  const handle = await createDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    embeddedPort: env.EMBEDDED_PG_PORT,
    poolSize: 2,
    limits: LONG_RUNNING_LIMITS,
  });
  try {
    const result = await migrateToLatest(handle.db);
    const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    const reference = await ensureReferenceData(handle.db);
    console.log(`Reference data: ${reference.countries} country bands, ${reference.plans} plans added.`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(
    error instanceof EnvError
      ? error.message
      : `Migration failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
