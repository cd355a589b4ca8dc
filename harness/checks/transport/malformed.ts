/**
 * transport.malformed — a packet from the broker that the device cannot parse (the gate's
 * `malformed` fault: a PUBLISH whose topic runs past its end; any undecodable bytes the
 * gate passed on to the device) ends that connection, closed by the device: Mongoose's
 * mqtt_handler sets MG_F_CLOSE_IMMEDIATELY when parse_mqtt returns
 * MG_MQTT_ERROR_MALFORMED_MSG. Judged from the gate: after each `mqtt.garbage` the gate
 * sent out, the device closes the connection within the bound of a protocol-error close
 * (the next poll, plus ε), and sends nothing more on it. A connection the gate or the
 * broker ended first, or one still open when the input ends before the bound, is not judged.
 *
 * Needs: see `needs` at the end of this file.
 */
import { recvLimitCloseBound } from '../../model/recv-limit.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { fmt } from '../observe/config.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'transport.malformed';
const source = cite('impl.mqtt.malformed-close');

export function run(obs: Observation): Verdict {
  const bound = recvLimitCloseBound(obs.board.epsilonMs);
  const sent = obs.input.events.flatMap((e) => (e.kind === 'mqtt.garbage' && e.dir === 'out' ? [e] : []));
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  let judged = 0;
  for (const g of sent) {
    const c = obs.connections.find((x) => x.broker === g.broker && x.conn === g.conn);
    if (!c) continue;
    const close = c.close;
    const afterMs = close === undefined ? undefined : obs.deviceMs(close.t - g.t);
    if (close === undefined && obs.deviceMs(obs.end - g.t) <= bound) continue;
    if (close !== undefined && close.by !== 'device' && afterMs !== undefined && afterMs <= bound) continue;
    judged++;
    const label = `${c.broker}#${c.conn}`;
    evidence.push({ t: g.t, what: `${label}: ${g.bytes} bytes the device cannot parse (${g.error})` });
    if (close) evidence.push({ t: close.t, what: `${label} tcp.close by ${close.by} (${close.how})` });
    const later = c.packets.filter((p) => p.dir === 'in' && p.t > g.t && (close === undefined || p.t <= close.t));
    observed.push({ conn: label, closedBy: close?.by ?? null, closedAfterMs: afterMs === undefined ? null : Math.round(afterMs), packetsAfter: later.length });
    if (close === undefined || close.by !== 'device' || (afterMs ?? Infinity) > bound) {
      problems.push(
        close === undefined
          ? `${label}: still open ${fmt(obs.deviceMs(obs.end - g.t))} after a packet it cannot parse; Mongoose closes at once (MG_MQTT_ERROR_MALFORMED_MSG)`
          : `${label}: closed by the ${close.by} ${fmt(afterMs!)} after a packet the device cannot parse, not by the device within ${fmt(bound)}`,
      );
    }
    if (later.length > 0) {
      problems.push(`${label}: the device sent ${later.length} packet(s) after a packet it cannot parse (first: ${describePacket(later[0]!)}); Mongoose reads nothing more on the connection`);
      evidence.push({ t: later[0]!.t, what: describePacket(later[0]!) });
    }
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} packet(s) the device could not parse, each followed by the device closing the connection within ${fmt(bound)}`,
    nothing: 'the gate passed no undecodable packet to the device (gate fault `malformed`) with the connection watched past the bound',
  }, {
    expected: { closedBy: 'device', withinMs: Math.round(bound), packetsAfter: 0 },
    observed,
    evidence,
    source,
  });
}

export const transportMalformed: CheckDefinition = {
  id,
  needs: 'the gate fault `malformed` (or any undecodable bytes the gate passes on to the device): its `mqtt.garbage` (out) events, and the connection watched past the close bound after each.',
  run,
};
