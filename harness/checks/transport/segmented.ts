/**
 * transport.segmented — the broker's packets reach the device in pieces (the gate's
 * `segment` fault: TCP delivers a packet larger than a segment in several reads), and the
 * device reads each one whole, as Mongoose does (MG_EV_RECV parses from the receive buffer
 * and waits, on an incomplete packet, for more bytes). Over every connection accepted
 * while the fault held:
 * - the device does not end the connection, unless a step of the scenario asked (an
 *   explicit disconnect, a reset, a config change, a reboot), and sends nothing the gate
 *   cannot decode;
 * - each QoS 1 PUBLISH the broker sent in pieces gets a PUBACK with its packet id (missing
 *   only once the connection stayed up ε after it);
 * - after a CONNACK 0 sent in pieces, the device subscribes (a SUBSCRIBE follows) when it
 *   remembers a subscription then or is asked for one during the session: a device that
 *   missed the CONNACK thinks itself still connecting and sends none (missing only once
 *   the connection stayed up ε after the CONNACK or the request).
 * A device that takes each read for whole packets misreads the first packet cut by a read:
 * it closes the session (malformed), or never sees the CONNACK or the PUBLISH.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { type Connection, describePacket, type Packet } from '../observe/connections.ts';
import { inFault } from '../observe/faults.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'transport.segmented';
const source = cite('mqtt.stream', 'impl.recv-whole-packets');

/** Steps after which the device may end its connection itself. */
const ASKED = ['disconnect', 'reset', 'config'] as const;

function askedToClose(obs: Observation, c: Connection, until: number): boolean {
  const within = (t: number) => t >= c.accept && t <= until;
  return ASKED.some((kind) => obs.actionsOf(kind).some((a) => within(a.t))) || obs.boots.some(within);
}

export function run(obs: Observation): Verdict {
  const windows = obs.faultWindows('segment');
  const eps = obs.board.epsilonMs;
  const end = obs.end;
  const segmented = obs.connections.filter((c) => inFault(windows, c.broker, c.accept));
  const upFor = (c: Connection, p: Packet) => obs.deviceMs((c.close?.t ?? end) - p.t) >= eps;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  let judged = 0;
  for (const c of segmented) {
    const garbled = obs.input.events.find((e) => e.kind === 'mqtt.garbage' && e.broker === c.broker && e.conn === c.conn && e.dir === 'in');
    if (garbled) {
      judged++;
      problems.push(`${c.broker}#${c.conn}: the device sent bytes the gate could not decode`);
      evidence.push({ t: garbled.t, what: `${c.broker}#${c.conn} undecodable device stream` });
    }
    if (c.close?.by === 'device') {
      judged++;
      if (!askedToClose(obs, c, c.close.t)) {
        const lastOut = [...c.packets].reverse().find((p) => p.dir === 'out');
        problems.push(`${c.broker}#${c.conn}: the device closed the connection (${c.close.how}) with no step asking for it${lastOut ? `, ${Math.round(obs.deviceMs(c.close.t - lastOut.t))} device ms after the broker's ${lastOut.type.toUpperCase()}` : ''}`);
        evidence.push({ t: c.close.t, what: `${c.broker}#${c.conn} closed by the device` });
      }
    }
    // An answer is judged whenever it came; its absence once the connection stayed up ε after the packet.
    for (const p of c.packets) {
      if (p.dir !== 'out') continue;
      if (p.type === 'publish' && p.qos === 1) {
        const acked = c.packets.some((a) => a.dir === 'in' && a.type === 'puback' && a.packetId === p.packetId && a.t >= p.t);
        if (!acked && !upFor(c, p)) continue;
        judged++;
        evidence.push({ t: p.t, what: describePacket(p) });
        if (!acked) problems.push(`${c.broker}#${c.conn}: no PUBACK for the QoS 1 PUBLISH id ${p.packetId} (${p.topic}) sent in pieces`);
      }
      if (p.type === 'connack' && p.returnCode === 0) {
        // A subscription remembered at the CONNACK (re-subscribed at once) or made during the session (sent at once).
        const until = c.close?.t ?? end;
        const from = obs.rememberedSubs(p.t).length > 0 ? p : obs.actionsOf('sub').find((a) => a.t > p.t && a.t < until);
        if (from === undefined) continue;
        const subscribed = c.packets.some((s) => s.dir === 'in' && s.type === 'subscribe' && s.t >= p.t);
        if (!subscribed && obs.deviceMs(until - from.t) < eps) continue;
        judged++;
        evidence.push({ t: p.t, what: describePacket(p) });
        if (!subscribed) problems.push(`${c.broker}#${c.conn}: no SUBSCRIBE after a CONNACK 0 sent in pieces, though the device had a subscription to send: it did not take the CONNACK`);
      }
    }
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} packet(s) and close(s) on ${segmented.length} connection(s) with the broker's packets in pieces: read whole, answered, no unasked close`,
    nothing: 'no connection while the gate split the broker\'s packets (fault `segment`) with anything to judge',
  }, {
    expected: { deviceCloses: 0, undecodable: 0, answered: 'every QoS 1 PUBLISH, every CONNACK 0 with subscriptions' },
    observed: { connections: segmented.length, problems: problems.length },
    evidence,
    source,
  });
}

export const transportSegmented: CheckDefinition = {
  id,
  needs:
    'the gate\'s `segment` fault in force when the device connects; then broker→device packets ' +
    '(CONNACK 0 with subscriptions remembered, QoS 1 PUBLISH) and the connection up ε after them, or its close.',
  run,
};
