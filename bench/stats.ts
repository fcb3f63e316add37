/** The bench's figures from a list of timings: percentiles over the sorted list, shown to a tenth of a millisecond. */
export interface Stats {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)!, n: sorted.length };
}

export const ms = (n: number) => Math.round(n * 10) / 10;
export const describeStats = (s: Stats) => `p50 ${ms(s.p50)} ms, p99 ${ms(s.p99)} ms, max ${ms(s.max)} ms`;
