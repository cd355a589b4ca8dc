/**
 * The filters the board remembers at a moment, as its library's subscription list holds
 * them: every subscription the scenario made (C `sub`, JS `js-sub`, raw `raw-sub`) and did
 * not unsubscribe since. The list may hold a filter more than once; mgos_mqtt_conn_unsub
 * removes one entry per call (the first it finds), so a filter subscribed twice survives
 * one unsubscribe. (`Observation.rememberedSubs` is the C subscriptions with their QoS, as
 * the re-subscription checks need them.)
 */
import type { Observation } from './observation.ts';

/** The filters remembered once every action up to `t` (or, `before`, strictly before it) took effect. */
export function localFilters(obs: Observation, t: number, before = false): Set<string> {
  const count = new Map<string, number>();
  const upTo = obs.input.actions.filter((x) => (before ? x.t < t : x.t <= t)).sort((x, y) => x.t - y.t);
  for (const a of upTo) {
    if (a.kind === 'sub' || a.kind === 'js-sub' || a.kind === 'raw-sub') count.set(a.topic, (count.get(a.topic) ?? 0) + 1);
    if (a.kind === 'unsub' && (count.get(a.topic) ?? 0) > 0) count.set(a.topic, count.get(a.topic)! - 1);
  }
  return new Set([...count].filter(([, n]) => n > 0).map(([f]) => f));
}
