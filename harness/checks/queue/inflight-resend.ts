/**
 * queue.inflight-resend — a QoS ≥ 1 PUBLISH the device sent on a session that ended
 * before the broker acknowledged it (no PUBACK / PUBREC) stays in the retry queue and is
 * re-sent on the next session: with DUP = 1 and the same packet id, at the requested QoS
 * under the cap in force then (a re-send capped to QoS 0 goes out once with DUP = 0).
 * Judged on the wire, wherever a session drops with a publish in flight (the gate fault
 * `withhold-puback` provokes it). On a session that stays up, the message is sent again
 * after the next PINGRESP instead (`pingresp-resend.ts`; `withhold-puback` with
 * `session: "keep"`).
 *
 * Needs: see `needs` at the end of this file.
 */
import { wireQos } from '../../model/qos.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { type Connection, describePacket, type Packet } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { SUBSCRIBE_GRACE_MS } from '../observe/session-subs.ts';
import { judgeCounted } from '../verdict.ts';
import { judgePingrespResends, unackedAt } from './pingresp-resend.ts';

const id = 'queue.inflight-resend';
const source = cite('impl.queue.inflight', 'impl.queue.replay', 'mqtt.dup.redelivery', 'mqtt.dup.qos0');

interface InFlight {
  from: Connection;
  packet: Packet;
  /** The QoS the application asked for (its `pub` action, else the QoS first sent). */
  requested: number;
}

/** The QoS ≥ 1 PUBLISHes of session `c` (first send per packet id) that no acknowledgement answered before it closed. */
function inFlightAtClose(obs: Observation, c: Connection): InFlight[] {
  if (!c.close) return [];
  return unackedAt(c, Number.POSITIVE_INFINITY).map((p) => {
    const pub = obs.actionsOf('pub').find((a) => a.topic === p.topic && a.payload === p.payload && a.t <= p.t);
    return { from: c, packet: p, requested: pub?.qos ?? p.qos! };
  });
}

export function run(obs: Observation): Verdict {
  const end = obs.end;
  const grace = Math.max(SUBSCRIBE_GRACE_MS, obs.board.epsilonMs);
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const expected: unknown[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  for (const c of obs.sessions) {
    const held = inFlightAtClose(obs, c);
    if (held.length === 0) continue;
    const closedAt = c.close!.t;
    const next = obs.sessions.find((s) => s.accept > closedAt);
    if (!next) continue;
    const connackT = next.connack!.t;
    // A reboot, reset or explicit (dis)connect in between starts afresh: not this check's case.
    if (obs.breakers.some((b) => b.t > closedAt && b.t <= connackT)) continue;
    // More queued than the queue holds (or the queue off) is queue.overflow's case.
    const limit = obs.configAt(connackT)[next.server].max_queue_length;
    const queuedOffline = obs.actionsOf('pub').filter((a) => a.t > closedAt && a.t < connackT && wireQos(a.qos, obs.cap.at(a.t)) > 0).length;
    if (held.length + queuedOffline > limit) continue;
    const label = `${next.broker}#${next.conn}`;
    for (const f of held) {
      const p = f.packet;
      const again = next.packets.find((x) => x.dir === 'in' && x.type === 'publish' && x.t >= connackT && x.topic === p.topic && x.payload === p.payload);
      if (!again && obs.deviceMs((next.close?.t ?? end) - connackT) < grace) continue;
      judged++;
      const want = wireQos(f.requested, obs.cap.at(connackT));
      expected.push({ topic: p.topic, payload: p.payload, on: label, packetId: want > 0 ? p.packetId : undefined, qos: want, dup: want > 0 });
      observed.push(again ? { topic: again.topic, payload: again.payload, on: label, packetId: again.packetId, qos: again.qos, dup: again.dup } : null);
      evidence.push({ t: p.t, what: describePacket(p) }, { t: closedAt, what: `${f.from.broker}#${f.from.conn} closed by the ${c.close!.by} with id ${p.packetId} unacknowledged` }, { t: connackT, what: `${label} CONNACK 0` });
      const what = `in-flight ${p.topic} ${JSON.stringify(p.payload)} (id ${p.packetId}, lost with ${f.from.broker}#${f.from.conn})`;
      if (!again) {
        problems.push(`${what} was never re-sent on ${label}`);
        continue;
      }
      evidence.push({ t: again.t, what: describePacket(again) });
      if (again.qos !== want) problems.push(`${what} re-sent at QoS ${again.qos}, expected ${want}`);
      if (want > 0 && again.dup !== true) problems.push(`${what} re-sent with DUP = 0; a re-delivery carries DUP = 1`);
      if (want > 0 && again.packetId !== p.packetId) problems.push(`${what} re-sent with id ${again.packetId}, expected the same id ${p.packetId}`);
    }
  }
  const sameSession = judgePingrespResends(obs, grace);
  problems.push(...sameSession.problems);
  evidence.push(...sameSession.evidence);
  expected.push(...sameSession.expected);
  observed.push(...sameSession.observed);
  const acrossSessions = judged;
  return judgeCounted(id, judged + sameSession.judged, problems, {
    pass: () => `${acrossSessions} publish(es) in flight when their session dropped were re-sent on the next session, and ${sameSession.judged} after a PINGRESP on the same session, with DUP = 1 and their id`,
    nothing: 'no QoS ≥ 1 publish was left unacknowledged by a session that dropped and was followed by one that stayed up, nor by a PINGRESP on a session that stayed up (gate fault withhold-puback, session: cut or keep)',
  }, { expected, observed, evidence, source });
}

export const queueInflightResend: CheckDefinition = {
  id,
  needs:
    'a QoS ≥ 1 PUBLISH from the device whose session closed before its PUBACK/PUBREC (gate fault ' +
    '`withhold-puback`), unique payloads, then the next session (CONNACK 0, no reset or explicit ' +
    '(dis)connect between) staying up ≥ 0.5 s device time; or one whose PUBACK is withheld on a ' +
    'session that stays up (`withhold-puback` with `session: "keep"`) until a PINGRESP and 0.5 s after.',
  run,
};
