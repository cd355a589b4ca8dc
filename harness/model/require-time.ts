/**
 * mqtt.require_time (impl: mgos_mqtt_time_ok and mgos_mqtt_conn_connect in
 * mgos_mqtt_conn.c). With the key on and mg_time() under 1500000000 a connect opens no
 * socket: it logs "Time is not set, not connecting" and calls mgos_mqtt_conn_reconnect,
 * so the try is scheduled again exactly like a failed attempt (the backoff doubles, the
 * switch to mqtt1 can happen). Nothing in the library listens for
 * MGOS_EVENT_TIME_CHANGED: once the time is set, the first try the pending reconnect
 * timer makes connects.
 *
 * So the first attempt after the time is set comes no later than the pending timer,
 * whose nominal delay the schedule bounds: the held tries began at the run's origin (the
 * boot's "IP acquired", or HIL.Connect), at the earliest the origin itself; the n-th
 * timer fires no earlier than 0.9 × (d1 + … + dn) after it, so the timer pending when the
 * time is set is one of the first n*, n* the first n with 0.9 × (d1 + … + dn) ≥ the time
 * since the origin, and it fires within 1.1 × its delay of being armed, which was before
 * the time was set.
 */
import { TIME_SET_EPOCH_S } from '../contract/hil.ts';
import { expectedSchedule, type ScheduleConfigs } from './schedule.ts';

export { TIME_SET_EPOCH_S };

/** Whether the library counts an epoch (seconds) as "time set". */
export function isTimeSet(epochS: number): boolean {
  return epochS >= TIME_SET_EPOCH_S;
}

/**
 * Device ms after the time was set within which the first attempt must come, ε not
 * included: 1.1 × the longest nominal delay the pending timer can have, `sinceOriginMs`
 * after the held tries began.
 */
export function firstAttemptAfterTimeSetBoundMs(configs: ScheduleConfigs, sinceOriginMs: number): { boundMs: number; pendingNominalMs: number } {
  const schedule = expectedSchedule({ configs, outcomes: 'all-fail', count: 200 });
  let sum = 0;
  let longest = 0;
  for (const a of schedule.attempts.slice(1)) {
    const d = a.nominalMs ?? 0;
    sum += d;
    longest = Math.max(longest, d);
    if (0.9 * sum >= sinceOriginMs) break;
  }
  return { boundMs: 1.1 * longest, pendingNominalMs: longest };
}
