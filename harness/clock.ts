/**
 * The harness's one monotonic clock. Every serial line, broker packet, fault change and
 * check window is stamped with it, so events from different sources can be compared.
 *
 * Values are milliseconds (fractional: sub-millisecond resolution) since the process's
 * clock origin. They never go backwards and are unrelated to wall time; `wallTimeOf`
 * converts for humans and reports.
 */
const origin = process.hrtime.bigint();
const wallAtOrigin = Date.now();

export type MonoMs = number;

export function now(): MonoMs {
  return Number(process.hrtime.bigint() - origin) / 1e6;
}

/** Wall-clock milliseconds (epoch) that correspond to a monotonic stamp, for display. */
export function wallTimeOf(t: MonoMs): number {
  return wallAtOrigin + t;
}

export function isoOf(t: MonoMs): string {
  return new Date(wallTimeOf(t)).toISOString();
}
