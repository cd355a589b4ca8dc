/**
 * The QoS cap: effective max QoS = the runtime override if one was set, else the
 * config's `max_qos`; outgoing PUBLISH and SUBSCRIBE use min(requested, effective max).
 *
 * The model follows the doc for overrides: setting a value always takes effect, also
 * one equal to the config's `max_qos` (the impl ignores that value, so an override can
 * never be undone: `follow: 'impl'` reproduces it for comparison).
 */
import { effectiveMaxQos, type Qos } from '../contract/qos.ts';
import type { Follow } from './schedule.ts';

export { effectiveMaxQos, type Qos } from '../contract/qos.ts';

export function toQos(n: number): Qos {
  return Math.max(0, Math.min(2, Math.trunc(n))) as Qos;
}

/** The QoS a PUBLISH or SUBSCRIBE goes out with. */
export function wireQos(requested: number, effectiveMax: number): Qos {
  return toQos(Math.min(requested, effectiveMax));
}

export type QosChange =
  | { t: number; kind: 'override'; qos: number }
  | { t: number; kind: 'config'; qos: number };

export interface QosCap {
  /** Effective max QoS in force at time t (changes at t itself count). */
  at(t: number): Qos;
  /** The override in force at t, or null. */
  overrideAt(t: number): number | null;
}

/** The cap over time, from the config's max_qos at the start and later changes. */
export function qosCap(initialConfigMax: number, changes: readonly QosChange[], follow: Follow = 'doc'): QosCap {
  const sorted = [...changes].sort((a, b) => a.t - b.t);
  const stateAt = (t: number): { config: number; override: number | null } => {
    let config = initialConfigMax;
    let override: number | null = null;
    for (const c of sorted) {
      if (c.t > t) break;
      if (c.kind === 'config') config = c.qos;
      else if (follow === 'doc' || c.qos !== config) override = c.qos;
    }
    return { config, override };
  };
  return {
    at: (t) => {
      const s = stateAt(t);
      return toQos(effectiveMaxQos(s.config, s.override));
    },
    overrideAt: (t) => stateAt(t).override,
  };
}
