/** Summaries of measured samples, as the bench prints them. */

export interface Spread {
  n: number;
  /** Of the absolute values: how far off, whichever way. */
  p50: number;
  p99: number;
  max: number;
  /** Of the signed values: the bias. */
  mean: number;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function spread(values: readonly number[]): Spread {
  const abs = values.map(Math.abs).sort((a, b) => a - b);
  const mean = values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
  return { n: values.length, p50: round(percentile(abs, 50)), p99: round(percentile(abs, 99)), max: round(abs.at(-1) ?? Number.NaN), mean: round(mean) };
}

/** Three decimals: the clock's resolution is finer, what the bench can claim is not. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
