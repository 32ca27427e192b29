import { createDb, type DbHandle, LONG_RUNNING_LIMITS } from '../index.js';
import { type DbCliConfig, DbConfigError, parseDbCliEnv } from './config.js';

export { DEFAULT_DATA_DIR } from './config.js';

/**
 * Connects as the app does: DATABASE_URL when set, otherwise the embedded Postgres under DATA_DIR
 * on EMBEDDED_PG_PORT. The configuration is parsed (zod) from the environment unless given.
 */
export async function connectFromEnv(
  options: { poolSize?: number; config?: DbCliConfig } = {},
): Promise<DbHandle> {
  const config = options.config ?? parseDbCliEnv();
  const handle = await createDb({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    embeddedPort: config.EMBEDDED_PG_PORT,
    poolSize: options.poolSize,
    // Seeds and other CLI work write millions of rows in one statement: the long limits.
    limits: LONG_RUNNING_LIMITS,
  });
  const where = handle.embedded
    ? `embedded PostgreSQL (data in ${config.DATA_DIR}, port ${config.EMBEDDED_PG_PORT})`
    : redact(handle.url);
  console.log(`Database: ${where}`);
  return handle;
}

/** For the CLIs: a bad configuration is a clear message and exit code 1, not a stack trace. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof DbConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

/** The connection string without its password, for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
