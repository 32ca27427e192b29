import { performance } from 'node:perf_hooks';

/**
 * Shared by the benchmarks: run `fn` over `inputs` with `concurrency` requests in flight at once
 * and summarise the latencies.
 */
export interface Timing {
  label: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runConcurrent<T>(
  label: string,
  inputs: T[],
  concurrency: number,
  fn: (input: T) => Promise<unknown>,
): Promise<Timing> {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, inputs.length) }, async () => {
      while (next < inputs.length) {
        const input = inputs[next++]!;
        const t0 = performance.now();
        await fn(input);
        times.push(performance.now() - t0);
      }
    }),
  );
  const wall = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    label,
    n: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: (times.length / wall) * 1000,
  };
}

export const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
