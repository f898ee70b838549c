/** Small helpers shared by the benchmarks: a bounded HTTP load loop and percentiles. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

/**
 * Sends `total` GET requests with `concurrency` in flight (keep-alive), and stops after `maxSeconds`
 * whatever happens: the loop is bounded in count and time.
 */
export async function load(
  url: string,
  total: number,
  concurrency: number,
  maxSeconds = 60,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const deadline = performance.now() + maxSeconds * 1000;
  const start = performance.now();
  const worker = async () => {
    while (sent < total && performance.now() < deadline) {
      sent++;
      const t = performance.now();
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    errors,
  };
}

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);
