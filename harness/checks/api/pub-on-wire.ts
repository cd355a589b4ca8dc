/**
 * api.pub-on-wire — what mgos_mqtt_pub puts on the wire while the device has a session:
 * one PUBLISH with the message's topic and payload, its retain flag, at the QoS asked for
 * (a QoS above the cap is `qos.publish-downgrade`'s case), and for QoS ≥ 1 the packet id
 * that pub returned. Judged for every publish made on a live session whose queue had
 * drained (a QoS ≥ 1 publish made during a replay waits in the queue: the queue checks
 * judge it); a QoS 0 publish always goes out at once.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket, isOpenAt } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { packetsOf, pubLabel } from '../observe/publishes.ts';
import { quietBefore } from '../queue/first-send.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'api.pub-on-wire';
const source = cite('doc.pub', 'mqtt.publish.fields');

export function run(obs: Observation): Verdict {
  const end = obs.end;
  const eps = obs.board.epsilonMs;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const expected: unknown[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  for (const pub of obs.actionsOf('pub')) {
    if (!pub.connected || pub.qos > obs.cap.at(pub.t)) continue;
    const c = obs.sessions.find((s) => s.connack!.t <= pub.t && isOpenAt(s, pub.t));
    if (!c) continue;
    // A reboot, reset or explicit (dis)connect right after the call: the session it was made on is gone.
    if (obs.breakers.some((b) => b.t >= pub.t && b.t <= (c.close?.t ?? end))) continue;
    if (pub.qos > 0 && !quietBefore(obs, c, pub.t)) continue;
    const first = packetsOf(pub, c.packets.filter((p) => p.dir === 'in' && p.type === 'publish'))[0];
    if (!first && obs.deviceMs((c.close?.t ?? end) - pub.t) < eps) continue;
    judged++;
    const retain = pub.retain ?? false;
    expected.push({ topic: pub.topic, payload: pub.payload, qos: pub.qos, retain, ...(pub.qos > 0 ? { packetId: pub.packetId } : {}) });
    observed.push(first ? { topic: first.topic, payload: first.payload, qos: first.qos, retain: first.retain, ...(first.packetId !== undefined ? { packetId: first.packetId } : {}) } : null);
    evidence.push({ t: pub.t, what: pubLabel(pub) });
    const what = `${pubLabel(pub)}${retain ? ' retain' : ''} on ${c.broker}#${c.conn}`;
    if (!first) {
      problems.push(`${what} was never sent while the session stayed up`);
      continue;
    }
    evidence.push({ t: first.t, what: describePacket(first) });
    if ((first.qos ?? 0) !== pub.qos) problems.push(`${what} went out at QoS ${first.qos ?? 0}, expected ${pub.qos} (the cap in force allows it)`);
    if ((first.retain ?? false) !== retain) problems.push(`${what} went out with retain ${first.retain ? 1 : 0}, expected ${retain ? 1 : 0}`);
    if (pub.qos > 0 && first.packetId !== pub.packetId) problems.push(`${what} went out with packet id ${first.packetId}, but pub returned ${pub.packetId}`);
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} publish(es) made on a live session went out once with their topic, payload, retain flag, QoS and the id pub returned`,
    nothing: 'no publish was made on a live session (with its queue drained) at a QoS the cap allows',
  }, { expected, observed, evidence, source });
}

export const apiPubOnWire: CheckDefinition = {
  id,
  needs:
    '`pub` actions (unique payloads) while the device has a session whose queue has drained, at a ' +
    'QoS within the cap; some with retain set; the session staying up ε after each.',
  run,
};
