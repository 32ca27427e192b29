import { withLongRunningLimits } from '@societas/db';
import { DEMO_ACCOUNTS, ensureReferenceData, isDatabaseEmpty, seedDemo } from '@societas/db/seed';
import { createRuntime } from './app.js';
import { parseEnvOrExit } from './env.js';
import { closeServer } from './http/close-server.js';
import { stopOnSignals } from './lib/shutdown.js';
import { createLogger } from './logger.js';
import { fileStorage } from './modules/files/index.js';
import { buildServer } from './server.js';

async function main() {
  const env = parseEnvOrExit();
  const log = createLogger(env);
  const runtime = await createRuntime(env, log);

  // A fresh embedded database gets the demo data, so a new user sees a populated portal.
  let seeded = false;
  if (runtime.handle.embedded && env.SEED_DEMO === 'auto' && (await isDatabaseEmpty(runtime.db))) {
    log.info('Empty database: loading demo data (once)...');
    const storage = fileStorage(env);
    await withLongRunningLimits(runtime.db, (conn) =>
      seedDemo(conn, { storeFile: (key, bytes, type) => storage.put(key, bytes, type) }),
    );
    seeded = true;
  }
  // Every installation, demo or not, gets the shipped country bands (and default plans while it has none).
  await ensureReferenceData(runtime.db);

  const app = await buildServer(runtime);
  await app.listen({ host: env.HOST, port: env.PORT });
  const workerInline = await runtime.startBackground();

  const lines = [
    '',
    `  ${env.SOCIETY_NAME} is running at ${env.PUBLIC_URL}`,
    `  Database: ${runtime.handle.embedded ? `embedded PostgreSQL (data in ${env.DATA_DIR})` : 'DATABASE_URL'}`,
    `  Mail: ${env.devMailbox ? `kept in the outbox; read it at ${env.PUBLIC_URL}/dev/mailbox` : 'SMTP'}`,
    `  Background work: ${workerInline ? 'in this process' : 'run `npm run worker` (WORKER=off)'}`,
  ];
  if (runtime.handle.embedded) {
    lines.push('  Demo sign-ins:');
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      lines.push(`    ${account.email} / ${account.password}  (${account.description})`);
    }
  }
  if (seeded) lines.push('  Demo data loaded.');
  console.log(`${lines.join('\n')}\n`);

  stopOnSignals(log, 'shutting down: draining requests', async () => {
    await closeServer(app);
    await runtime.close();
  });
}

main().catch((error) => {
  console.error('Failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
