/**
 * Shared by the queue checks: the `pub` actions made offline, grouped by the session
 * (CONNACK 0) that follows them, with the model's replay plan for each group. A reset or
 * reboot in between empties the queue (it lives in RAM): such publishes are not judged.
 */
import { wireQos } from '../../model/qos.ts';
import { expectedReplay, type OfflinePub, type ReplayPlan } from '../../model/queue.ts';
import type { ActionOf, CheckInput } from '../input.ts';
import { configAt } from '../observe/config.ts';
import { sessions, type Connection } from '../observe/connections.ts';
import { breakers } from '../observe/runs.ts';
import { actionsOf, capOf } from '../observe/state.ts';

export interface OfflineGroup {
  session: Connection;
  pubs: ActionOf<'pub'>[];
  offline: OfflinePub[];
  plan: ReplayPlan;
  maxQueueLength: number;
}

export function offlineGroups(input: CheckInput): OfflineGroup[] {
  const cap = capOf(input);
  const ss = sessions(input);
  const cuts = breakers(input).filter((b) => b.kind === 'reset' || b.kind === 'boot');
  const groups = new Map<Connection, ActionOf<'pub'>[]>();
  for (const pub of actionsOf(input, 'pub')) {
    if (pub.connected) continue;
    const s = ss.find((x) => x.connack!.t > pub.t);
    if (!s || cuts.some((c) => c.t > pub.t && c.t < s.connack!.t)) continue;
    groups.set(s, [...(groups.get(s) ?? []), pub]);
  }
  return [...groups].map(([session, pubs]) => {
    const offline = pubs.map((p) => ({ packetId: p.packetId, topic: p.topic, payload: p.payload, qos: wireQos(p.qos, cap.at(p.t)) }));
    const maxQueueLength = configAt(input, session.connack!.t).mqtt.max_queue_length;
    return { session, pubs, offline, plan: expectedReplay(offline, maxQueueLength), maxQueueLength };
  });
}
