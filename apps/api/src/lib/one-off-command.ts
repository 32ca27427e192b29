import { createDb, type DbHandle, LONG_RUNNING_LIMITS } from '@societas/db';
import { type Env, EnvError, parseEnv } from '../env.js';

/**
 * A one-off command (migrate, seed): opens the database the environment names with the limits of
 * long-running work, runs `work`, closes it, and on failure prints one line (the variable to fix
 * for a bad setting, else "<failure>: <reason>") and exits 1.
 */
export function runOneOffCommand(failure: string, work: (handle: DbHandle, env: Env) => Promise<void>) {
  const run = async () => {
    const env = parseEnv();
    const handle = await createDb({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      embeddedPort: env.EMBEDDED_PG_PORT,
      poolSize: 2,
      limits: LONG_RUNNING_LIMITS,
    });
    try {
      await work(handle, env);
    } finally {
      await handle.close();
    }
  };
  run().catch((error) => {
    console.error(
      error instanceof EnvError
        ? error.message
        : `${failure}: ${error instanceof Error ? error.message : error}`,
    );
    process.exit(1);
  });
}
