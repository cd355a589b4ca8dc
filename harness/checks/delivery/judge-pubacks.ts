/**
 * What the two PUBACK checks share: each QoS 1 PUBLISH the broker delivered to the device
 * (those the check selects) must get exactly one PUBACK with its packet id on the same
 * connection, before the broker delivers that id again. A delivery is judged once
 * acknowledged, or once its connection stayed up ε after it (a missing PUBACK is then
 * really missing, not still on its way).
 */
import type { SourceRef } from '../../model/sources.ts';
import type { CheckId, Evidence, Verdict } from '../input.ts';
import { type Connection, describePacket, type Packet } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

export interface PubackRule {
  id: CheckId;
  source: SourceRef[];
  /** Which QoS 1 deliveries (with a topic) this check judges. */
  select: (obs: Observation, p: Packet) => boolean;
  /** "matched" or "unmatched", as the reasons say it. */
  kind: string;
  nothing: string;
}

/** The device's answers of these types to delivery `p`: after it, before the broker's next PUBLISH with its id on `c`. */
export function answersTo(c: Connection, p: Packet, types: readonly Packet['type'][] = ['puback']): Packet[] {
  const next = c.packets.find((x) => x.dir === 'out' && x.type === 'publish' && x.packetId === p.packetId && x.t > p.t);
  return c.packets.filter((a) => a.dir === 'in' && types.includes(a.type) && a.packetId === p.packetId && a.t >= p.t && (next === undefined || a.t < next.t));
}

export function judgePubacks(obs: Observation, rule: PubackRule): Verdict {
  const end = obs.end;
  const eps = obs.board.epsilonMs;
  const cases = obs.deliveries
    .filter(({ packet: p }) => p.qos === 1 && p.topic !== undefined && rule.select(obs, p))
    .map(({ connection: c, packet: p }) => ({ c, p, acks: answersTo(c, p) }))
    .filter(({ c, p, acks }) => acks.length > 0 || obs.deviceMs((c.close?.t ?? end) - p.t) >= eps);
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  for (const { c, p, acks } of cases) {
    evidence.push({ t: p.t, what: describePacket(p) }, ...acks.map((a) => ({ t: a.t, what: describePacket(a) })));
    if (acks.length === 0) problems.push(`no PUBACK for ${rule.kind} QoS 1 message ${p.topic} id ${p.packetId} on ${c.broker}#${c.conn}`);
    else if (acks.length > 1) problems.push(`${acks.length} PUBACKs for ${rule.kind} QoS 1 message ${p.topic} id ${p.packetId} on ${c.broker}#${c.conn}; expected one`);
  }
  return judgeCounted(rule.id, cases.length, problems, {
    pass: (n) => `${n} ${rule.kind} QoS 1 message(s) acknowledged once each`,
    nothing: rule.nothing,
  }, {
    expected: cases.map(({ p }) => ({ topic: p.topic, packetId: p.packetId, pubacks: 1 })),
    observed: cases.map(({ p, acks }) => ({ topic: p.topic, packetId: p.packetId, pubacks: acks.length })),
    evidence,
    source: rule.source,
  });
}
