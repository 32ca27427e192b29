import { createRuntime } from '../app.js';
import { parseEnvOrExit } from '../env.js';
import { stopOnSignals } from '../lib/shutdown.js';
import { createLogger } from '../logger.js';
import { createProbeServer } from './probes.js';
import type { ScheduledTask } from './tasks.js';

/**
 * `npm run worker`: the background worker on its own (scheduled tasks and mail delivery), for
 * deployments where API replicas run with WORKER=off. It answers /health and /ready on PORT for
 * probes. SIGTERM lets running jobs finish before exit.
 */
export async function runWorkerProcess(options: { tasks?: readonly ScheduledTask[] } = {}) {
  const env = parseEnvOrExit();
  const log = createLogger(env).child({ process: 'worker' });
  const runtime = await createRuntime(env, log);
  const worker = await runtime.startWorker(options.tasks);

  const probes = createProbeServer(runtime.db);
  await new Promise<void>((resolve) => probes.listen(env.PORT, env.HOST, resolve));
  console.log(`Worker ${worker.id} running; probes on http://${env.HOST}:${env.PORT}/health`);

  stopOnSignals(log, 'shutting down: finishing running jobs', async () => {
    probes.close();
    await runtime.close();
  });
}
