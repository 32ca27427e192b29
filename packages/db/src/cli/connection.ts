import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type DbHandle } from '../index.js';

/** The repository root's `.data` (packages/db/src/cli -> ../../../../.data), unless DATA_DIR is set. */
export const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../.data');

/** Connects as the app does: DATABASE_URL when set, otherwise the embedded Postgres under DATA_DIR. */
export async function connectFromEnv(options: { poolSize?: number } = {}): Promise<DbHandle> {
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  const dataDir = process.env.DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  const handle = await createDb({ databaseUrl, dataDir, poolSize: options.poolSize });
  const where = handle.embedded ? `embedded PostgreSQL (data in ${dataDir})` : redact(handle.url);
  console.log(`Database: ${where}`);
  return handle;
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
