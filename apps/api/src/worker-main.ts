import { runWorkerProcess } from './worker/run-process.js';

/** `npm run worker`: see worker/run-process.ts. */
runWorkerProcess().catch((error) => {
  console.error('Worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
