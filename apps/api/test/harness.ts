import type { AppErrorData } from '@societas/contracts';
import { createKysely, createPool, hashPassword, REQUEST_LIMITS } from '@societas/db';
import { createTestDatabase, TEST_POOL_SIZE } from '@societas/db/testing';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import pino from 'pino';
import superjson from 'superjson';
import { inject } from 'vitest';
import { createAuth } from '../src/auth/auth.js';
import { type Env, parseEnv } from '../src/env.js';
import { closeServer } from '../src/http/close-server.js';
import { createLogger } from '../src/logger.js';
import { createJobSearch } from '../src/modules/jobs/search/create.js';
import { buildServer } from '../src/server.js';
import type { AppRouter } from '../src/trpc/router.js';
import { startTcpProxy } from './replicas/tcp-proxy.js';

export const TEST_PUBLIC_URL = 'http://localhost:3999';

/**
 * A real server on a fresh database (cloned from the migrated template) listening on a random
 * port, and clients that talk to it over HTTP with their own cookie jars.
 */
export async function startTestApp(
  envOverrides: Record<string, string> = {},
  options: {
    /** Collects every log line (JSON) the server writes, for tests that assert on them. */ logLines?: string[];
    /**
     * The server reaches its database through a TCP proxy (`databaseProxy`), which the test can
     * block to take the database "down" and unblock to bring it back.
     */
    databaseProxy?: boolean;
  } = {},
) {
  const handle = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  const direct = new URL(handle.url);
  const databaseProxy = options.databaseProxy
    ? await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) })
    : undefined;
  const proxiedUrl = new URL(handle.url);
  if (databaseProxy) {
    proxiedUrl.hostname = '127.0.0.1';
    proxiedUrl.port = String(databaseProxy.port);
  }
  const db = databaseProxy
    ? createKysely(createPool(proxiedUrl.toString(), TEST_POOL_SIZE, REQUEST_LIMITS))
    : handle.db;
  const env: Env = parseEnv({
    NODE_ENV: 'test',
    PUBLIC_URL: TEST_PUBLIC_URL,
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    DATABASE_URL: proxiedUrl.toString(),
    LOG_LEVEL: 'warn',
    WEB_DIST_DIR: '/nonexistent',
    // Each test client presents its own address (x-forwarded-for) so IP throttles stay per test.
    TRUST_PROXY: 'true',
    ...envOverrides,
  });
  const lines = options.logLines;
  const log = lines
    ? pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
    : createLogger(env);
  const services = {
    db,
    auth: createAuth({ db, env }),
    env,
    log,
    jobSearch: createJobSearch(env, { db, url: proxiedUrl.toString() }, log),
  };
  const app = await buildServer(services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    ...services,
    app,
    baseUrl,
    databaseProxy,
    client: (options: { ip?: string; origin?: string } = {}) => createTestClient(baseUrl, options),
    async close() {
      await reportIfSlow('server', () => closeServer(app));
      await reportIfSlow('job search', () => services.jobSearch.close());
      if (databaseProxy) {
        await reportIfSlow('proxied pool', () => db.destroy());
        await databaseProxy.close();
      }
      await reportIfSlow(
        'test database',
        () => handle.close(),
        () => poolState(handle.pool),
      );
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** Runs one shutdown step; if it is still running after 10 s, says which (a hook timeout names none). */
async function reportIfSlow(step: string, run: () => Promise<unknown>, detail: () => string = () => '') {
  const timer = setTimeout(() => {
    console.error(`test app shutdown: "${step}" still running after 10 s ${detail()}`);
  }, 10_000);
  try {
    await run();
  } finally {
    clearTimeout(timer);
  }
}

const poolState = (pool: { totalCount: number; idleCount: number; waitingCount: number }) =>
  `(pool: ${pool.totalCount} clients, ${pool.idleCount} idle, ${pool.waitingCount} waiting)`;

const rand255 = () => Math.floor(Math.random() * 255);

/** A browser stand-in: keeps cookies between calls, like a real one. */
export function createTestClient(baseUrl: string, options: { ip?: string; origin?: string } = {}) {
  const jar = new Map<string, string>();
  const ip = options.ip ?? `10.${rand255()}.${rand255()}.${rand255()}`;
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const fetchWithJar: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size > 0) headers.set('cookie', cookieHeader());
    if (options.origin) headers.set('origin', options.origin);
    headers.set('x-forwarded-for', ip);
    const response = await fetch(input, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a)) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  const trpc = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl}/trpc`, transformer: superjson, fetch: fetchWithJar })],
  });
  return { trpc, fetch: fetchWithJar, jar, cookieHeader };
}
export type TestClient = ReturnType<typeof createTestClient>;

/** Runs `fn`, expecting a tRPC error; returns its data so the test can assert which error. */
export async function expectTrpcError(
  fn: () => Promise<unknown>,
): Promise<{ message: string; data: AppErrorData }> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof TRPCClientError) {
      return { message: error.message, data: error.data as AppErrorData };
    }
    throw error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

let sequence = 0;
/** Makes a verified user directly in the database (a factory, not a mock). */
export async function makeUser(
  app: TestApp,
  overrides: {
    email?: string;
    name?: string;
    password?: string;
    role?: 'user' | 'admin';
    verified?: boolean;
  } = {},
) {
  sequence += 1;
  const id = `test-user-${Date.now()}-${sequence}`;
  const email = overrides.email ?? `user${sequence}.${Date.now()}@example.org`;
  const password = overrides.password ?? 'correct horse battery';
  await app.db
    .insertInto('users')
    .values({
      id,
      name: overrides.name ?? `Test User ${sequence}`,
      email,
      email_verified: overrides.verified ?? true,
      role: overrides.role ?? 'user',
    })
    .execute();
  await app.db
    .insertInto('accounts')
    .values({
      id: `${id}-credential`,
      user_id: id,
      account_id: id,
      provider_id: 'credential',
      password: await hashPassword(password),
    })
    .execute();
  return { id, email, password };
}

/** Signs a new client in as the given user. */
export async function signedInClient(app: TestApp, user: { email: string; password: string }) {
  const client = app.client();
  await client.trpc.auth.signIn.mutate({ email: user.email, password: user.password });
  return client;
}

/** The newest outbox message to an address. */
export async function lastMailTo(app: TestApp, email: string) {
  return app.db
    .selectFrom('email_outbox')
    .select(['subject', 'text_body', 'kind'])
    .where('to_address', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export function linkIn(text: string, pathPrefix: string): string {
  const escapeRegExp = (v: string) => v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = text.match(new RegExp(`${escapeRegExp(TEST_PUBLIC_URL + pathPrefix)}\\S+`));
  if (!match) throw new Error(`No ${pathPrefix} link in mail:\n${text}`);
  return match[0];
}
