/**
 * delivery.puback-unmatched — a QoS 1 PUBLISH the broker delivers to the device on a
 * topic that matches none of its subscriptions (a persistent session after an unsub, or
 * clean_session=false) still gets exactly one PUBACK with its packet id (MQTT 3.1.1).
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import { topicMatches } from '../../model/subscriptions.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { type Connection, describePacket, type Packet } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'delivery.puback-unmatched';
const source = cite('mqtt.puback', 'impl.delivery.puback-unmatched');

function hasAck(c: Connection, p: Packet): boolean {
  return c.packets.some((a) => a.dir === 'in' && a.type === 'puback' && a.packetId === p.packetId && a.t >= p.t);
}

export function run(obs: Observation): Verdict {
  const end = obs.end;
  const eps = obs.board.epsilonMs;
  const cases = obs.deliveries
    .filter(({ packet: p }) => p.qos === 1 && p.topic !== undefined)
    .filter(({ packet: p }) => !obs.rememberedSubs(p.t).some((s) => topicMatches(s.topic, p.topic!)))
    // Judged once acknowledged, or once the connection stayed up ε after the delivery
    // (a missing PUBACK is then really missing, not still on its way).
    .filter(({ connection: c, packet: p }) => hasAck(c, p) || obs.deviceMs((c.close?.t ?? end) - p.t) >= eps)
    .map(({ connection: c, packet: p }) => ({ c, p }));
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  for (const { c, p } of cases) {
    evidence.push({ t: p.t, what: describePacket(p) });
    const acks = c.packets.filter((a) => a.dir === 'in' && a.type === 'puback' && a.packetId === p.packetId && a.t >= p.t);
    evidence.push(...acks.map((a) => ({ t: a.t, what: describePacket(a) })));
    observed.push({ topic: p.topic, packetId: p.packetId, pubacks: acks.length });
    if (acks.length === 0) problems.push(`no PUBACK for unmatched QoS 1 message ${p.topic} id ${p.packetId} on ${c.broker}#${c.conn}`);
    else if (acks.length > 1) problems.push(`${acks.length} PUBACKs for ${p.topic} id ${p.packetId}; expected one`);
  }
  return judgeCounted(id, cases.length, problems, {
    pass: (n) => `${n} unmatched QoS 1 message(s) acknowledged once each`,
    nothing: 'no QoS 1 message matching no subscription was delivered to the device (and watched for ε)',
  }, {
    expected: cases.map(({ p }) => ({ topic: p.topic, packetId: p.packetId, pubacks: 1 })),
    observed,
    evidence,
    source,
  });
}

export const deliveryPubackUnmatched: CheckDefinition = {
  id,
  needs:
    'the gate\'s broker→device PUBLISH (QoS 1) on a topic matching no remembered subscription ' +
    '(per sub/unsub actions), and the device→broker packets after it while the connection stays ' +
    'up ≥ ε.',
  run,
};
