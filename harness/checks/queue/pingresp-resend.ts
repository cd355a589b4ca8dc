/**
 * The same-session half of `queue.inflight-resend`: a QoS ≥ 1 PUBLISH the device sent on
 * a session that is still up, and that the broker has not acknowledged (its PUBACK /
 * PUBREC never reached the device), is sent again after the next PINGRESP on that
 * session — with DUP = 1 and the same packet id. The queue marks an entry as sent once per
 * connection; a PINGRESP clears the marks, and the replay step it triggers sends the
 * oldest entry again. The gate fault `withhold-puback` with `session: "keep"` provokes it.
 */
import { wireQos } from '../../model/qos.ts';
import type { Evidence } from '../input.ts';
import { type Connection, describePacket, type Packet } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';

export interface PingrespResends {
  judged: number;
  problems: string[];
  evidence: Evidence[];
  expected: unknown[];
  observed: unknown[];
}

const ACK: Record<number, Packet['type']> = { 1: 'puback', 2: 'pubrec' };

/** The device's QoS ≥ 1 PUBLISHes on `c` (first send per packet id) with no acknowledgement by `t`. */
export function unackedAt(c: Connection, t: number): Packet[] {
  const seen = new Set<number>();
  const out: Packet[] = [];
  for (const p of c.packets) {
    if (p.t >= t) break;
    if (p.dir !== 'in' || p.type !== 'publish' || !p.qos || p.packetId === undefined || seen.has(p.packetId)) continue;
    seen.add(p.packetId);
    const acked = c.packets.some((a) => a.dir === 'out' && a.type === ACK[p.qos!] && a.packetId === p.packetId && a.t >= p.t && a.t < t);
    if (!acked) out.push(p);
  }
  return out;
}

/** Judges every PINGRESP that reached the device while one of its publishes on that session was unacknowledged. */
export function judgePingrespResends(obs: Observation, graceDeviceMs: number): PingrespResends {
  const r: PingrespResends = { judged: 0, problems: [], evidence: [], expected: [], observed: [] };
  const end = obs.end;
  for (const c of obs.sessions) {
    const label = `${c.broker}#${c.conn}`;
    for (const pr of c.packets) {
      if (pr.dir !== 'out' || pr.type !== 'pingresp') continue;
      const held = unackedAt(c, pr.t);
      if (held.length === 0) continue;
      // A reboot, reset or explicit (dis)connect since the first send: the queue is not this session's.
      if (obs.breakers.some((b) => b.t > held[0]!.t && b.t <= pr.t)) continue;
      // More unacknowledged than the queue holds (or the queue off): nothing is kept to re-send.
      if (held.length > obs.configAt(pr.t)[c.server].max_queue_length) continue;
      // A re-send capped to QoS 0 is the QoS checks' case.
      if (wireQos(held[0]!.qos!, obs.cap.at(pr.t)) === 0) continue;
      const ids = new Set(held.map((p) => p.packetId));
      const again = c.packets.find((x) => x.dir === 'in' && x.type === 'publish' && x.t > pr.t && x.packetId !== undefined && ids.has(x.packetId));
      const waited = obs.deviceMs((again?.t ?? c.close?.t ?? end) - pr.t);
      if (!again && waited < graceDeviceMs) continue;
      r.judged++;
      const first = held[0]!;
      r.expected.push({ after: `PINGRESP on ${label}`, resend: { packetId: first.packetId, topic: first.topic, payload: first.payload, dup: true } });
      r.observed.push(again ? { packetId: again.packetId, topic: again.topic, payload: again.payload, dup: again.dup, afterMs: Math.round(waited) } : null);
      r.evidence.push({ t: first.t, what: describePacket(first) }, { t: pr.t, what: `${describePacket(pr)} with id(s) ${[...ids].join(', ')} unacknowledged` });
      const what = `after the PINGRESP on ${label}, in-flight ${first.topic} ${JSON.stringify(first.payload)} (id ${first.packetId})`;
      if (!again) {
        r.problems.push(`${what} was never sent again on the same session (${Math.round(waited)} ms device time watched)`);
        continue;
      }
      r.evidence.push({ t: again.t, what: describePacket(again) });
      if (waited > graceDeviceMs) r.problems.push(`${what} was sent again only ${Math.round(waited)} ms later; the PINGRESP itself triggers the re-send`);
      if (again.dup !== true) r.problems.push(`${what} was sent again with DUP = 0; a re-delivery carries DUP = 1`);
    }
  }
  return r;
}
