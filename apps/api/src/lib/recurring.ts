import type { Logger } from 'pino';

export interface RecurringOptions {
  /** For log lines. */
  name: string;
  /** First run this long after start (let the server settle). */
  firstDelayMs: number;
  intervalMs: number;
  log: Pick<Logger, 'error' | 'info'>;
}

/**
 * Runs `task` shortly after start and then every `intervalMs`, never two at once in this process
 * (a slow run makes the next tick a no-op). A failure is logged, never thrown: one bad run must
 * not take the server down, and the next tick tries again. Returns a stop function.
 */
export function startRecurring(task: () => Promise<unknown>, options: RecurringOptions): () => void {
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const result = await task();
      options.log.info({ job: options.name, result }, 'scheduled job finished');
    } catch (error) {
      options.log.error({ err: error, job: options.name }, 'scheduled job failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), options.firstDelayMs);
  const interval = setInterval(() => void tick(), options.intervalMs);
  // Background work never keeps the process alive on its own.
  first.unref();
  interval.unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(interval);
  };
}
