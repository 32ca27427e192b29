import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKysely,
  createPool,
  ensureDatabase,
  migrateToLatest,
  startEmbeddedPostgres,
} from '@societas/db';
import { seedDemo } from '@societas/db/seed';
import { API_MAIN, WEB_INDEX, withDatabase } from './paths.js';

/**
 * Once per run: a PostgreSQL (DATABASE_URL, or an embedded one) and a template database with the
 * demo seed. Each journey clones it (fixtures.ts), so every journey starts from the same data.
 */
export default async function globalSetup() {
  for (const file of [API_MAIN, WEB_INDEX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  }
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'societas-e2e-pg-'));
    const server = await startEmbeddedPostgres({ dir, port: 41000 + Math.floor(Math.random() * 9000) });
    adminUrl = server.adminUrl;
    stopEmbedded = server.stop;
  }
  const template = `societas_e2e_tpl_${process.pid}`;
  await ensureDatabase(adminUrl, template);
  const pool = createPool(withDatabase(adminUrl, template), 4);
  const db = createKysely(pool);
  try {
    await migrateToLatest(db);
    await seedDemo(db);
  } finally {
    await db.destroy();
  }
  process.env.E2E_PG_ADMIN_URL = adminUrl;
  process.env.E2E_PG_TEMPLATE = template;

  return async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(template)} WITH (FORCE)`);
    await client.end();
    await stopEmbedded?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
