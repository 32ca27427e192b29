import { createDb, LONG_RUNNING_LIMITS, migrateToLatest } from '@societas/db';
import { DatabaseNotEmptyError, seedDemo } from '@societas/db/seed';
import { EnvError, parseEnv } from './env.js';

/**
 * `node apps/api/dist/seed.js`: loads the demo data into an empty database (trying the compose
 * stack or a staging site). Refuses when any user exists.
 */
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
    await migrateToLatest(handle.db);
    const summary = await seedDemo(handle.db);
    console.log(
      `Demo data loaded: ${summary.members} members, ${summary.jobs} jobs, ${summary.committees} committees.`,
    );
  } catch (error) {
    if (!(error instanceof DatabaseNotEmptyError)) throw error;
    console.log(error.message);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(
    error instanceof EnvError
      ? error.message
      : `Seeding failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
