import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRecurring } from './recurring.js';

describe('startRecurring', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const log = () => ({ info: vi.fn(), error: vi.fn() });

  it('runs first after the delay, then on every interval, until stopped', async () => {
    const task = vi.fn(async () => 'ok');
    const stop = startRecurring(task, { name: 't', firstDelayMs: 1000, intervalMs: 60_000, log: log() });
    await vi.advanceTimersByTimeAsync(999);
    expect(task).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('logs a failure instead of throwing, and tries again on the next tick', async () => {
    const logger = log();
    const error = new Error('database down');
    const task = vi.fn().mockRejectedValueOnce(error).mockResolvedValue('ok');
    const stop = startRecurring(task, { name: 'membership', firstDelayMs: 10, intervalMs: 100, log: logger });
    await vi.advanceTimersByTimeAsync(10);
    expect(logger.error).toHaveBeenCalledWith({ err: error, job: 'membership' }, 'scheduled job failed');
    await vi.advanceTimersByTimeAsync(100);
    expect(task).toHaveBeenCalledTimes(2);
    expect(logger.info).toHaveBeenCalledWith({ job: 'membership', result: 'ok' }, 'scheduled job finished');
    stop();
  });

  it('never overlaps a slow run', async () => {
    let release: () => void = () => {};
    const task = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const stop = startRecurring(task, { name: 'slow', firstDelayMs: 0, intervalMs: 10, log: log() });
    await vi.advanceTimersByTimeAsync(55);
    expect(task).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(task).toHaveBeenCalledTimes(2);
    stop();
  });
});
