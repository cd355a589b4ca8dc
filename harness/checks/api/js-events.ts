/** The JS side's event lines (fs/init.js), for the api.js-* checks. */
import type { HilEvent } from '../../contract/hil.ts';
import type { EventLine } from '../observe/serial.ts';
import type { Observation } from '../observe/observation.ts';

export type JsLine<E extends HilEvent['ev']> = EventLine & { event: Extract<HilEvent, { ev: E }> };

export function jsLines<E extends HilEvent['ev']>(obs: Observation, ev: E): JsLine<E>[] {
  return obs.eventLines.filter((l): l is JsLine<E> => l.event.ev === ev);
}

/** The first boot after `t` (harness ms), or the end: JS state (subscriptions, handlers) lasts until then. */
export function bootAfter(obs: Observation, t: number): number {
  return obs.boots.find((b) => b > t) ?? Number.POSITIVE_INFINITY;
}

/**
 * Pairs each expected moment with the first unused line at or after it (less `earlyMs`:
 * the device may print before the broker's side is recorded), in order. Returns the
 * expected moments left without a line.
 */
export function unmatched<T extends { t: number }>(expected: readonly T[], lines: readonly EventLine[], earlyMs: number): T[] {
  const used = new Set<EventLine>();
  const missing: T[] = [];
  for (const e of [...expected].sort((a, b) => a.t - b.t)) {
    const line = lines.find((l) => !used.has(l) && l.t >= e.t - earlyMs);
    if (line === undefined) missing.push(e);
    else used.add(line);
  }
  return missing;
}
