import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import superjson from 'superjson';

/**
 * Shared by the HTTP benchmarks: the built production server (`apps/api/dist/main.js`) in its own
 * process, on a free port, with production defaults unless told otherwise, and what a browser
 * sends to it (tRPC GET with a superjson input, session cookies).
 */
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export async function freePort() {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The query string of a tRPC GET, as the web app's client writes it. */
export const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(input)));

export interface BenchServer {
  base: string;
  process: ChildProcess;
  /** Resident set size of the server process, MiB (Linux /proc). */
  rssMiB(): number;
  stop(): Promise<void>;
}

export async function startBenchServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server process.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      WORKER: 'off',
      SEED_DEMO: 'never',
      // Benchmarks take no card payments; production refuses to start without Stripe keys otherwise.
      PAYMENTS: 'off',
      // Production defaults (LOG_LEVEL info, pool 10) unless the caller says otherwise.
      ...env,
    },
    // The server's log lines are written (as in production) but not shown.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    const ready = await fetch(`${base}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (i > 240) throw new Error('the server did not become ready');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    process: child,
    rssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Signs in through the API (as the web app does) and returns the session cookie. `address` is
 * sent as X-Forwarded-For (start the server with TRUST_PROXY=true), so the per-address sign-in
 * limit sees many visitors rather than one.
 */
export async function signIn(
  base: string,
  email: string,
  password: string,
  address: string,
): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, 'x-forwarded-for': address },
    body: JSON.stringify(superjson.serialize({ email, password })),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!response.ok || !cookie) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  return cookie;
}
