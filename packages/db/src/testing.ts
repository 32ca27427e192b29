import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.js';
import { createKysely, createPool, type DbHandle } from './index.js';
import { REQUEST_LIMITS } from './limits.js';
import { migrateToLatest } from './migrate.js';

/**
 * Test databases: one server per test run (the machine's Postgres when DATABASE_URL is set, an
 * embedded one otherwise), one migrated template, and a fresh database per test file cloned from it
 * with CREATE DATABASE ... TEMPLATE (fast, and files never see each other's rows).
 */
export interface TestServer {
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function startTestServer(databaseUrl: string | undefined): Promise<TestServer> {
  let adminUrl: string;
  let stopServer = async () => {};
  if (databaseUrl) {
    adminUrl = databaseUrl;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'societas-test-pg-'));
    const server = await startEmbeddedPostgres({ dir, port: 40000 + Math.floor(Math.random() * 20000) });
    adminUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const template = `societas_tpl_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, template);
  const pool = createPool(withDatabase(adminUrl, template), 2);
  const db = createKysely(pool);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return {
    adminUrl,
    template,
    async stop() {
      await dropDatabase(adminUrl, template);
      await stopServer();
    },
  };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Connections in each test database's pool (tests that exhaust the pool on purpose use it). */
export const TEST_POOL_SIZE = 10;

/** A new database cloned from the migrated template, with the API's limits; `close()` drops it. */
export async function createTestDatabase(adminUrl: string, template: string): Promise<DbHandle> {
  const name = `societas_test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, template);
  const url = withDatabase(adminUrl, name);
  const pool = createPool(url, TEST_POOL_SIZE, REQUEST_LIMITS);
  const db = createKysely(pool);
  return {
    db,
    pool,
    url,
    embedded: false,
    async close() {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}
