import type { Logger } from 'pino';

/**
 * On the first SIGTERM or SIGINT: logs `message`, runs `stop`, and exits 0 (1 if stopping
 * failed). Later signals while stopping are ignored. Used by the API server and the worker
 * process.
 */
export function stopOnSignals(log: Logger, message: string, stop: () => Promise<void>) {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, message);
    try {
      await stop();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
