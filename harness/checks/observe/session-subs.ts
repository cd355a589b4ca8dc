/**
 * For each session (CONNACK 0) that stayed up long enough to subscribe: the topics
 * remembered at its CONNACK and the SUBSCRIBEs it sent (the resubscribe checks judge these).
 */
import { expectedResubscribe, type Subscription } from '../../model/subscriptions.ts';
import type { Connection, Packet } from './connections.ts';
import type { Observation } from './observation.ts';

/** Device ms a session must stay up after CONNACK before a missing SUBSCRIBE counts. */
export const SUBSCRIBE_GRACE_MS = 500;

export interface SessionSubs {
  session: Connection;
  connackT: number;
  remembered: Subscription[];
  expected: Subscription[];
  /** First SUBSCRIBE entry per topic on this connection after CONNACK. */
  sent: Map<string, { qos: number; packet: Packet }>;
  /** SUBSCRIBEs the device sent on this connection before its CONNACK (the library sends none: it subscribes only once connected). */
  early: Packet[];
}

/** The view behind `Observation.sessionSubs`. */
export function observeSessionSubs(obs: Observation): SessionSubs[] {
  const end = obs.end;
  const cap = obs.cap;
  const grace = Math.max(SUBSCRIBE_GRACE_MS, obs.board.epsilonMs);
  return obs.sessions.flatMap((s) => {
    const connackT = s.connack!.t;
    const remembered = obs.rememberedSubs(connackT);
    const sent = new Map<string, { qos: number; packet: Packet }>();
    const early: Packet[] = [];
    for (const p of s.packets) {
      if (p.dir !== 'in' || p.type !== 'subscribe') continue;
      if (p.t < connackT) {
        early.push(p);
        continue;
      }
      for (const sub of p.subscriptions ?? []) if (!sent.has(sub.topic)) sent.set(sub.topic, { qos: sub.qos, packet: p });
    }
    // A session can be judged once it re-sent every remembered topic, or once it stayed up
    // long enough that a missing SUBSCRIBE is really missing (not still on its way).
    const complete = remembered.every((r) => sent.has(r.topic));
    if (!complete && obs.deviceMs((s.close?.t ?? end) - connackT) < grace) return [];
    return [{ session: s, connackT, remembered, expected: expectedResubscribe(remembered, cap.at(connackT)), sent, early }];
  });
}
