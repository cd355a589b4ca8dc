/**
 * The first send of a QoS ≥ 1 publish made on a live session whose queue has drained:
 * it goes out at once with DUP = 0 ([3.3.1.1]). A publish made while the replay is still
 * under way waits in the queue and is sent as a replay (DUP = 1), so only a publish made
 * once the session has settled is judged here: after the board's `MQTT0 queue drained`
 * line on that session, or when CONNACK and every earlier QoS ≥ 1 PUBLISH of the device
 * were acknowledged at least ε before.
 */
import type { ActionOf, Evidence } from '../input.ts';
import { type Connection, describePacket, type Packet } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { packetsOf, pubLabel } from '../observe/publishes.ts';
import { mqttLog } from '../observe/serial.ts';

export interface FirstSends {
  judged: number;
  problems: string[];
  evidence: Evidence[];
}

function ackOf(c: Connection, p: Packet): Packet | undefined {
  return c.packets.find((a) => a.dir === 'out' && (a.type === 'puback' || a.type === 'pubrec') && a.packetId === p.packetId && a.t >= p.t);
}

/** Whether the session had settled (nothing of the device's in flight) ε device ms before `t`. */
export function quietBefore(obs: Observation, c: Connection, t: number): boolean {
  const eps = obs.board.epsilonMs;
  const settled = (at: number) => obs.deviceMs(t - at) >= eps;
  if (!c.connack || c.connack.t >= t) return false;
  const connackT = c.connack.t;
  // The board's own word that the replay is over (read before the publish was asked for).
  if (obs.logLines.some((l) => l.t > connackT && l.t < t && mqttLog.queueDrained.test(l.message))) return true;
  if (!settled(connackT)) return false;
  return c.packets
    .filter((p) => p.dir === 'in' && p.type === 'publish' && (p.qos ?? 0) > 0 && p.t < t)
    .every((p) => {
      const ack = ackOf(c, p);
      return ack !== undefined && settled(ack.t);
    });
}

export function judgeFirstSends(obs: Observation, packets: readonly Packet[]): FirstSends {
  const out: FirstSends = { judged: 0, problems: [], evidence: [] };
  const pubs: readonly ActionOf<'pub'>[] = obs.actionsOf('pub').filter((p) => p.connected && p.qos > 0);
  for (const pub of pubs) {
    const first = packetsOf(pub, packets)[0];
    if (!first || (first.qos ?? 0) === 0) continue;
    const c = obs.sessions.find((s) => s.broker === first.broker && s.conn === first.conn);
    if (!c || !quietBefore(obs, c, pub.t)) continue;
    out.judged++;
    out.evidence.push({ t: pub.t, what: pubLabel(pub) }, { t: first.t, what: describePacket(first) });
    if (first.dup === true) out.problems.push(`${pubLabel(pub)} went out with DUP = 1 on its first send (the session's queue had drained); expected DUP = 0`);
  }
  return out;
}
