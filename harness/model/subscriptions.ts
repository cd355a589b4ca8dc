/**
 * Subscriptions the client remembers and re-sends: each topic with the QoS requested
 * (1 by default) capped by the max QoS in force when subscribing; after every CONNACK 0
 * one SUBSCRIBE per remembered topic with QoS = min(remembered, current max).
 */
import { wireQos, type Qos } from './qos.ts';

export interface Subscription {
  topic: string;
  qos: Qos;
}

/** The QoS MQTT.sub / mgos_mqtt_sub use when none is given. */
export const DEFAULT_SUB_QOS = 1;

export type SubChange =
  | { t: number; kind: 'sub'; topic: string; qos?: number }
  | { t: number; kind: 'unsub'; topic: string };

/** Remembered subscriptions at time t (changes at t itself count), given the cap over time. */
export function rememberedAt(changes: readonly SubChange[], capAt: (t: number) => number, t: number): Subscription[] {
  const map = new Map<string, Qos>();
  for (const c of [...changes].sort((a, b) => a.t - b.t)) {
    if (c.t > t) break;
    if (c.kind === 'sub') map.set(c.topic, wireQos(c.qos ?? DEFAULT_SUB_QOS, capAt(c.t)));
    else map.delete(c.topic);
  }
  return [...map].map(([topic, qos]) => ({ topic, qos }));
}

/** The SUBSCRIBEs expected after a CONNACK 0: every remembered topic, QoS capped by the current max. */
export function expectedResubscribe(remembered: readonly Subscription[], currentMax: number): Subscription[] {
  return remembered.map((s) => ({ topic: s.topic, qos: wireQos(s.qos, currentMax) }));
}

/** MQTT topic filter matching (`+` one level, `#` the rest, `$` topics not matched by wildcards at the root). */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const n = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i]!;
    if (part === '#') return true;
    if (i >= n.length) return false;
    if (part !== '+' && part !== n[i]) return false;
  }
  return f.length === n.length;
}
