import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { test as base, expect, type Page } from '@playwright/test';
import pg from 'pg';
import { API_MAIN, REPO_ROOT, SCREENSHOTS, withDatabase } from './paths.js';

export interface Portal {
  baseUrl: string;
  /** The journey's own database, for choosing test data and checking what was stored. */
  db: pg.Pool;
  /** The server's environment (database, public URL, secret), for scripts run beside it. */
  env: Record<string, string>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The page function through which the browser reports a CSP violation to the test. */
const REPORT_CSP_VIOLATION = '__societasReportCspViolation';

/**
 * `portal`: the production server (apps/api/dist/main.js serving the built web app) on a fresh
 * clone of the seeded template database, started for one journey and stopped after it.
 */
export const test = base.extend<{ portal: Portal }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern
  portal: async ({}, use, testInfo) => {
    const adminUrl = process.env.E2E_PG_ADMIN_URL!;
    const template = process.env.E2E_PG_TEMPLATE!;
    const name = `societas_e2e_${testInfo.workerIndex}_${Date.now()}`;
    await admin(adminUrl, (c) =>
      c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} TEMPLATE ${c.escapeIdentifier(template)}`),
    );
    const databaseUrl = withDatabase(adminUrl, name);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
      SEED_DEMO: 'never',
      WORKER: 'off',
      LOG_LEVEL: 'warn',
    };
    const server: ChildProcess = spawn(process.execPath, [API_MAIN], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout?.on('data', (d) => {
      output += d;
    });
    server.stderr?.on('data', (d) => {
      output += d;
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
      const ok = await fetch(`${baseUrl}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`server not ready in 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    try {
      await use({ baseUrl, db, env });
    } finally {
      await db.end();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      await admin(adminUrl, (c) =>
        c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`),
      );
      // Unexpected server errors fail the journey even when the page coped.
      expect(output, 'server log has no errors').not.toMatch(/"level":(50|60)/);
    }
  },
  baseURL: async ({ portal }, use) => use(portal.baseUrl),
  // Every page of the journey's browser context reports Content-Security-Policy violations (ADR
  // 016); any one fails the journey, even when the page looked fine.
  context: async ({ context }, use) => {
    const violations: string[] = [];
    await context.exposeBinding(REPORT_CSP_VIOLATION, ({ page }, violation: string) => {
      violations.push(`${page.url()}: ${violation}`);
    });
    await context.addInitScript((report) => {
      document.addEventListener(
        'securitypolicyviolation',
        (e) => {
          const send = (window as unknown as Record<string, (v: string) => void>)[report];
          send?.(
            `${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`,
          );
        },
        true,
      );
    }, REPORT_CSP_VIOLATION);
    await use(context);
    expect(violations, 'no Content-Security-Policy violations').toEqual([]);
  },
});

export { expect };

/** Saves a full-page screenshot under apps/e2e/screenshots/<journey>/ for a person to look at. */
export async function shot(page: Page, journey: string, name: string) {
  const dir = `${SCREENSHOTS}${journey}`;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/**
 * Runs a scheduled task now, as the worker would (the journey's server runs with WORKER=off):
 * support/run-task.mts, with the server's environment. Returns the task's result.
 */
export async function runTask(portal: Portal, name: string): Promise<Record<string, unknown>> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', `${REPO_ROOT}apps/e2e/support/run-task.mts`, name],
    {
      cwd: REPO_ROOT,
      env: portal.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`task ${name} failed (exit ${code}):\n${err}${out}`);
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

export async function signOut(page: Page) {
  await page.context().clearCookies();
}
