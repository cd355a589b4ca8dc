/**
 * delivery.qos2-exactly-once — a QoS 2 PUBLISH the broker delivers to the device on a
 * topic it subscribes to is answered with PUBREC (its packet id), not PUBACK; and when the
 * broker sends that packet id again before its PUBREL reached the device (a persistent
 * session resumed after the PUBREC was lost: gate fault `withhold-pubrec`), the device
 * answers PUBREC again and does not hand the message to its handler a second time
 * (MQTT 3.1.1 4.3.3, [MQTT-4.3.3-2]); and every PUBREL the broker sends is answered with a
 * PUBCOMP of its packet id on the same connection (the same rule). The library itself answers a matched QoS 2 message
 * with PUBACK and calls the handler for each copy: the `lib-no-puback-unmatched` defect,
 * which this check fails.
 *
 * A redelivery is known by its packet id, topic and payload: aedes re-sends a stored QoS 2
 * PUBLISH with DUP = 0, so the DUP flag is not relied on.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import { topicMatches } from '../../model/subscriptions.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket, type Packet } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';
import { answersTo } from './judge-pubacks.ts';

const id = 'delivery.qos2-exactly-once';
const source = cite('mqtt.qos2.receiver', 'impl.delivery.qos2');

/** PUBREC is the answer QoS 2 wants; a PUBACK in its place is the library's defect, and also an answer. */
const QOS2_ANSWERS: readonly Packet['type'][] = ['pubrec', 'puback'];

export function run(obs: Observation): Verdict {
  const end = obs.end;
  const eps = obs.board.epsilonMs;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const expected: unknown[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  const qos2 = obs.deliveries.filter(({ packet: p }) => p.qos === 2 && p.topic !== undefined && p.packetId !== undefined && obs.rememberedSubs(p.t).some((s) => topicMatches(s.topic, p.topic!)));
  const msgs = obs.eventLines.filter((e) => e.event.ev === 'msg');
  for (const [i, { connection: c, packet: p }] of qos2.entries()) {
    const label = `${c.broker}#${c.conn}`;
    const answers = answersTo(c, p, QOS2_ANSWERS);
    if (answers.length === 0 && obs.deviceMs((c.close?.t ?? end) - p.t) < eps) continue;
    judged++;
    const what = `QoS 2 message ${p.topic} id ${p.packetId} on ${label}`;
    evidence.push({ t: p.t, what: describePacket(p) }, ...answers.map((a) => ({ t: a.t, what: describePacket(a) })));
    expected.push({ topic: p.topic, packetId: p.packetId, on: label, answer: 'pubrec' });
    observed.push({ topic: p.topic, packetId: p.packetId, on: label, answers: answers.map((a) => a.type) });
    if (answers.length === 0) problems.push(`no PUBREC for ${what}`);
    else if (answers.some((a) => a.type === 'puback')) problems.push(`${what} answered with PUBACK; QoS 2 is answered with PUBREC`);
    // A redelivery: the same id, topic and payload from the same broker, answered before, its PUBREL never reached the device.
    const first = qos2.slice(0, i).find(({ connection: c0, packet: p0 }) => {
      if (c0.broker !== c.broker || p0.packetId !== p.packetId || p0.topic !== p.topic || p0.payload !== p.payload) return false;
      if (answersTo(c0, p0, QOS2_ANSWERS).length === 0) return false;
      if (obs.breakers.some((b) => b.t > p0.t && b.t <= p.t)) return false;
      return !obs.connections.some((x) => x.broker === c.broker && x.packets.some((r) => r.dir === 'out' && r.type === 'pubrel' && r.packetId === p.packetId && r.t > p0.t && r.t < p.t));
    });
    if (!first) continue;
    // Handler calls for this message: its `msg` lines (topic, payload, packet id) from the first delivery on, up to
    // the broker's next PUBLISH with that id after this one. Not up to the PUBREL: the board prints the line before it
    // answers, but the line can reach the harness after the gate has seen the PUBREL go by.
    const until = qos2.slice(i + 1).find(({ connection: x, packet: r }) => x.broker === c.broker && r.packetId === p.packetId)?.packet.t ?? end;
    const handed = msgs.filter((m) => m.t >= first.packet.t && m.t <= until && m.event.topic === p.topic && m.event.msg === p.payload && m.event.packet_id === p.packetId);
    evidence.push(...handed.map((m) => ({ t: m.t, what: m.text })));
    if (handed.length > 1) problems.push(`${what} is a redelivery of the message first delivered on ${first.connection.broker}#${first.connection.conn} before its PUBREL, and the handler got it ${handed.length} times; QoS 2 delivers it once`);
  }
  const deliveries = judged;
  const pubrels = judgePubcomps(obs, problems, evidence, expected, observed);
  judged += pubrels.judged;
  // A PUBREL left unjudged is said: a pass over deliveries alone must not read as one over PUBCOMPs too.
  const unjudged = pubrels.unjudged > 0 ? ` (${pubrels.unjudged} PUBREL(s) not judged: the connection ended within ε of them)` : '';
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} judged (${deliveries} matched QoS 2 deliveries, ${pubrels.judged} PUBREL(s)): PUBREC for each delivery, PUBCOMP for each PUBREL, redeliveries without a second handler call${unjudged}`,
    nothing: 'no QoS 2 message matching a subscription was delivered to the device (and watched for ε)',
  }, { expected, observed, evidence, source });
}

/**
 * Each PUBREL the broker sent the device gets one PUBCOMP of its id on that connection
 * before the broker's next PUBREL or PUBLISH of the id; judged once answered, or once the
 * connection stayed up ε after it. Returns how many PUBRELs were judged, and how many not.
 */
function judgePubcomps(obs: Observation, problems: string[], evidence: Evidence[], expected: unknown[], observed: unknown[]): { judged: number; unjudged: number } {
  const eps = obs.board.epsilonMs;
  let judged = 0;
  let unjudged = 0;
  for (const c of obs.connections) {
    for (const rel of c.packets.filter((x) => x.dir === 'out' && x.type === 'pubrel')) {
      const next = c.packets.find((x) => x.dir === 'out' && (x.type === 'pubrel' || x.type === 'publish') && x.packetId === rel.packetId && x.t > rel.t);
      const comps = c.packets.filter((a) => a.dir === 'in' && a.type === 'pubcomp' && a.packetId === rel.packetId && a.t >= rel.t && (next === undefined || a.t < next.t));
      if (comps.length === 0 && obs.deviceMs((c.close?.t ?? obs.end) - rel.t) < eps) {
        unjudged++;
        continue;
      }
      judged++;
      const label = `${c.broker}#${c.conn}`;
      evidence.push({ t: rel.t, what: describePacket(rel) }, ...comps.map((a) => ({ t: a.t, what: describePacket(a) })));
      expected.push({ pubrel: rel.packetId, on: label, pubcomps: 1 });
      observed.push({ pubrel: rel.packetId, on: label, pubcomps: comps.length });
      if (comps.length === 0) problems.push(`no PUBCOMP for the broker's PUBREL id ${rel.packetId} on ${label}`);
      else if (comps.length > 1) problems.push(`${comps.length} PUBCOMPs for the broker's PUBREL id ${rel.packetId} on ${label}; expected one`);
    }
  }
  return { judged, unjudged };
}

export const deliveryQos2ExactlyOnce: CheckDefinition = {
  id,
  needs:
    'a `sub` action at QoS 2, then the gate\'s broker→device QoS 2 PUBLISH on a matching topic (a ' +
    'peer-publish) and the device\'s packets after it for ε; for the redelivery, the gate fault ' +
    '`withhold-pubrec` with clean_session false, the next session and the board\'s `msg` lines; for the PUBCOMP, the broker\'s ' +
    'PUBREL after the device\'s PUBREC.',
  run,
};
