/**
 * The `pub` actions made offline, grouped by the session (CONNACK 0) that follows them,
 * with the model's replay plan for each group (the queue checks judge these). A reset or
 * reboot in between empties the queue (it lives in RAM): such publishes are not judged.
 */
import { wireQos } from '../../model/qos.ts';
import { expectedReplay, type OfflinePub, type ReplayPlan } from '../../model/queue.ts';
import type { ActionOf } from '../input.ts';
import type { Connection } from './connections.ts';
import type { Observation } from './observation.ts';

export interface OfflineGroup {
  session: Connection;
  pubs: ActionOf<'pub'>[];
  offline: OfflinePub[];
  plan: ReplayPlan;
  maxQueueLength: number;
}

/** The view behind `Observation.offlineGroups`. */
export function observeOfflineGroups(obs: Observation): OfflineGroup[] {
  const cap = obs.cap;
  const ss = obs.sessions;
  const cuts = obs.breakers.filter((b) => b.kind === 'reset' || b.kind === 'boot');
  const groups = new Map<Connection, ActionOf<'pub'>[]>();
  for (const pub of obs.actionsOf('pub')) {
    if (pub.connected) continue;
    const s = ss.find((x) => x.connack!.t > pub.t);
    if (!s || cuts.some((c) => c.t > pub.t && c.t < s.connack!.t)) continue;
    groups.set(s, [...(groups.get(s) ?? []), pub]);
  }
  return [...groups].map(([session, pubs]) => {
    const offline = pubs.map((p) => ({ packetId: p.packetId, topic: p.topic, payload: p.payload, qos: wireQos(p.qos, cap.at(p.t)) }));
    const maxQueueLength = obs.configAt(session.connack!.t).mqtt.max_queue_length;
    return { session, pubs, offline, plan: expectedReplay(offline, maxQueueLength), maxQueueLength };
  });
}
