import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/app.js';
import { parseEnv } from '../../src/env.js';
import { closeServer } from '../../src/http/close-server.js';
import { buildServer } from '../../src/server.js';

/**
 * `npm start` without DATABASE_URL runs an embedded PostgreSQL (ADR 002). When its postmaster dies
 * (here: SIGKILL), the server starts it again and answers again, without a restart of its own.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'societas-embedded-restart-'));
// As root, PostgreSQL runs as the `postgres` user, which must reach the data directory.
chmodSync(dataDir, 0o755);
const logLines: string[] = [];
let runtime: Runtime;
let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  const env = parseEnv({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://localhost:3999',
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(42000 + Math.floor(Math.random() * 8000)),
    WORKER: 'off',
    SEED_DEMO: 'never',
    JOB_SEARCH_CACHE: 'off',
    LOG_LEVEL: 'warn',
    WEB_DIST_DIR: '/nonexistent',
  });
  const log = pino({ level: 'warn' }, { write: (line: string) => void logLines.push(line) });
  runtime = await createRuntime(env, log);
  app = await buildServer(runtime);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);
afterAll(async () => {
  if (app) await closeServer(app);
  await runtime?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const postmasterPid = () =>
  Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

describe('embedded PostgreSQL restart', () => {
  it('a killed postmaster is started again and API calls answer again', { timeout: 90_000 }, async () => {
    expect(runtime.handle.embedded).toBe(true);
    expect((await fetch(`${baseUrl}/trpc/committees.list`)).status).toBe(200);
    const killed = postmasterPid();
    process.kill(killed, 'SIGKILL');

    const deadline = Date.now() + 60_000;
    const statuses = new Set<number>();
    for (;;) {
      const status = await fetch(`${baseUrl}/trpc/committees.list`).then((r) => r.status);
      statuses.add(status);
      if (status === 200 && statuses.size > 1) break;
      if (Date.now() > deadline) throw new Error(`not back in 60 s; statuses ${[...statuses]}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // While it was down: the outage answer, never a 500.
    expect([...statuses].sort()).toEqual([200, 503]);
    expect(postmasterPid()).not.toBe(killed);
    expect(logLines.some((l) => l.includes('embedded PostgreSQL exited'))).toBe(true);
    expect(logLines.some((l) => l.includes('embedded PostgreSQL restarted'))).toBe(true);
  });
});
