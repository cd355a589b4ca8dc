/**
 * qos.publish-downgrade — with the cap below the requested QoS, every publish goes out at
 * min(requested, cap), exactly once, never as QoS 0 with DUP = 1; also after a reconnect.
 * Catches the impl's queue jam (QoS 0 duplicates with DUP = 1 after PINGRESP; later
 * publishes never sent after a reconnect).
 *
 * Needs: see `needs` at the end of this file.
 */
import { wireQos } from '../../model/qos.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { packetsOf, pubLabel } from '../observe/publishes.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'qos.publish-downgrade';
const source = cite('impl.qos.effective-max', 'doc.max-qos.transparent', 'mqtt.dup.qos0', 'mqtt.qos0.at-most-once', 'impl.qos.downgrade-queue-jam', 'impl.qos.set-max-qos-undefined');

export function run(obs: Observation): Verdict {
  const cap = obs.cap;
  const pubs = obs.actionsOf('pub').filter((p) => cap.at(p.t) < 2);
  const above = pubs.filter((p) => p.qos > cap.at(p.t));
  if (above.length === 0) return nothingToJudge(id, 'no publish was made with a QoS above the cap in force', { source });
  const packets = obs.publishes;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  // The downgrade is judged on the wire: a publish above the cap that never went out (made
  // offline at wire QoS 0, so rightly dropped) shows nothing about it.
  let downgradedOnWire = 0;
  for (const pub of pubs) {
    const want = wireQos(pub.qos, cap.at(pub.t));
    const expectDelivered = pub.connected || want > 0;
    const got = packetsOf(pub, packets);
    evidence.push({ t: pub.t, what: pubLabel(pub) }, ...got.map((p) => ({ t: p.t, what: describePacket(p) })));
    observed.push({ topic: pub.topic, payload: pub.payload, sent: got.map((p) => ({ qos: p.qos, dup: p.dup, conn: `${p.broker}#${p.conn}` })) });
    if (got.length === 0) {
      if (expectDelivered) problems.push(`${pubLabel(pub)} never reached the broker`);
      continue;
    }
    if (pub.qos > cap.at(pub.t)) downgradedOnWire++;
    if (!expectDelivered) problems.push(`${pubLabel(pub)} was made offline at wire QoS 0 and should have been dropped, but arrived`);
    if (got[0]!.qos !== want) problems.push(`${pubLabel(pub)} went out at QoS ${got[0]!.qos}, expected ${want} (cap ${cap.at(pub.t)})`);
    const dup0 = got.filter((p) => p.qos === 0 && p.dup === true);
    if (dup0.length > 0) problems.push(`${pubLabel(pub)}: ${dup0.length} QoS 0 PUBLISH with DUP = 1 (MQTT 3.1.1 forbids it)`);
    const copies = want === 0 ? got.length : Math.max(...countByConn(got).values());
    if (copies > 1) problems.push(`${pubLabel(pub)} arrived ${got.length} times (duplicates)`);
  }
  const offlineDropped = above.filter((p) => !p.connected && wireQos(p.qos, cap.at(p.t)) === 0).length;
  return judgeCounted(id, downgradedOnWire, problems, {
    pass: (n) => `${n} publish(es) above the cap went out once each at min(requested, cap)${pubs.length > n ? `; ${pubs.length} publish(es) made under the cap judged in all` : ''}`,
    nothing: `none of the ${above.length} publish(es) above the cap reached the wire${offlineDropped > 0 ? ` (${offlineDropped} made offline at wire QoS 0, rightly dropped)` : ''}`,
  }, {
    expected: pubs.map((p) => ({ topic: p.topic, payload: p.payload, qos: wireQos(p.qos, cap.at(p.t)), dup: false, copies: p.connected || wireQos(p.qos, cap.at(p.t)) > 0 ? 1 : 0 })),
    observed,
    evidence,
    source,
  });
}

function countByConn(packets: { broker: string; conn: number }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of packets) m.set(`${p.broker}#${p.conn}`, (m.get(`${p.broker}#${p.conn}`) ?? 0) + 1);
  return m;
}

export const qosPublishDowngrade: CheckDefinition = {
  id,
  needs:
    'a cap below 2 (`set-max-qos` action or config max_qos) and `pub` actions with qos above it, ' +
    'each with a unique payload, made while connected (and ideally more after a reconnect); the ' +
    'gate\'s PUBLISH packets; observation long enough for a PINGREQ/PINGRESP (> keep_alive) after ' +
    'the publishes.',
  run,
};
