import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root's `.data` (packages/db/src/cli -> ../../../../.data), unless DATA_DIR is set. */
export const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../.data');

/**
 * The settings `npm run db:migrate` / `db:seed` read: the database subset of apps/api/src/env.ts,
 * with the same names, defaults and messages (the api depends on this package, not the other way
 * round). This file is the only reader of process.env in packages/db (see biome.json).
 */
export const dbCliEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
});
export type DbCliConfig = z.infer<typeof dbCliEnvSchema>;

export class DbConfigError extends Error {}

/** Parses the environment once; empty values count as unset. Throws DbConfigError naming each bad variable. */
export function parseDbCliEnv(source: Record<string, string | undefined> = process.env): DbCliConfig {
  const present = Object.fromEntries(
    Object.entries(source)
      .map(([k, v]) => [k, v?.trim()] as const)
      .filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = dbCliEnvSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new DbConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
