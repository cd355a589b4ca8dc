/**
 * api.pubf — mgos_mqtt_pubf / mgos_mqtt_pubv publish the JSON frozen's json_printf prints:
 * the payload the broker receives for each HIL.Pubf case must be, byte for byte, the one
 * written out in harness/model/pubf-cases.ts from frozen's rules (bare keys quoted, the
 * format's whitespace kept, %Q escaped or null, %B true/false) — never what the board
 * says it sent. The PUBLISH goes out at the QoS asked for, capped by the max QoS in
 * force (like any publish), with the retain flag asked for; the call returns the packet
 * id, as mgos_mqtt_pub does (impl: mgos_mqtt_conn_pubv publishes through
 * mgos_mqtt_conn_pub and returns its id): never 0 while MQTT was enabled at boot, and for
 * QoS ≥ 1 the id of the PUBLISH itself. With mqtt.enable false at boot it returns 0 and
 * nothing is sent.
 *
 * Judged from the gate: each connected call's first device PUBLISH on its topic at or
 * after the call (use one topic per call). An offline call is judged by its return only,
 * and by its replay if one reaches the broker.
 *
 * Needs: see `needs` at the end of this file.
 */
import { pubfReference } from '../../model/pubf-cases.ts';
import { wireQos } from '../../model/qos.ts';
import { cite } from '../../model/sources.ts';
import type { ActionOf, CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Packet } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'api.pubf';
const source = cite('doc.pubf', 'impl.pubf', 'doc.frozen.json-printf', 'impl.frozen.json-printf');

const NOTHING = 'no HIL.Pubf call was made (record scenario.pubf)';

function label(a: ActionOf<'pubf'>): string {
  return `HIL.Pubf ${a.case} on ${a.topic} qos ${a.qos}${a.retain ? ' retain' : ''}`;
}

export function run(obs: Observation): Verdict {
  const calls = obs.actionsOf('pubf');
  const enabled = obs.input.config.mqtt.enable;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  const used = new Set<Packet>();
  let judged = 0;

  for (const a of calls) {
    const ref = pubfReference[a.case];
    const want = wireQos(a.qos, obs.cap.at(a.t));
    const copy = obs.publishes.find((p) => !used.has(p) && p.t >= a.t && p.topic === a.topic);
    if (copy !== undefined) used.add(copy);
    const what = label(a);

    if (!enabled) {
      judged++;
      if (a.packetId !== 0) problems.push(`${what} returned ${a.packetId} with mqtt disabled at boot; expected 0 (no connection object)`);
      if (copy !== undefined) problems.push(`${what} reached the broker with mqtt disabled at boot`);
      observed.push({ case: a.case, returned: a.packetId, onWire: copy !== undefined });
      continue;
    }
    if (a.packetId === 0) problems.push(`${what} returned 0; the call returns the packet id of its publish (as mgos_mqtt_pub does)`);
    if (copy === undefined) {
      if (a.connected) {
        judged++;
        problems.push(`${what} was made while connected, but no PUBLISH on ${a.topic} reached the broker`);
      } else if (a.packetId !== 0) {
        judged++;
      }
      observed.push({ case: a.case, returned: a.packetId, connected: a.connected, onWire: false });
      continue;
    }

    judged++;
    evidence.push({ t: a.t, what: `${what} → packet_id ${a.packetId}` });
    evidence.push({ t: copy.t, what: `PUBLISH ${copy.topic} qos ${copy.qos ?? 0}${copy.retain ? ' retain' : ''} id ${copy.packetId ?? '-'}: ${copy.payload ?? ''}` });
    observed.push({ case: a.case, payload: copy.payload, qos: copy.qos ?? 0, retain: copy.retain ?? false, packetId: copy.packetId, returned: a.packetId });
    // The text is cut at 256 characters on the timeline; the length is of the whole payload.
    const lengthDiffers = copy.payloadLength !== undefined && copy.payloadLength !== Buffer.byteLength(ref.payload);
    if (copy.payload !== ref.payload || lengthDiffers) {
      const bare = copy.payload !== undefined && /[{,]\s*[A-Za-z_]\w*\s*:/.test(copy.payload) ? ' (bare keys: the format was printed as C printf prints it, not by frozen\'s rules)' : '';
      problems.push(`${what}: the broker got ${JSON.stringify(copy.payload)}; frozen prints ${JSON.stringify(ref.payload)} for ${ref.via}("${ref.format}", ${ref.args})${bare}`);
    }
    if ((copy.qos ?? 0) !== want) problems.push(`${what}: PUBLISH at QoS ${copy.qos ?? 0}; expected ${want} (asked ${a.qos}, max QoS ${obs.cap.at(a.t)})`);
    if ((copy.retain ?? false) !== a.retain) problems.push(`${what}: PUBLISH with retain ${copy.retain ?? false}; asked ${a.retain}`);
    if (want > 0 && copy.packetId !== a.packetId && a.packetId !== 0) {
      problems.push(`${what} returned ${a.packetId}, but its PUBLISH carried packet id ${copy.packetId}`);
    }
  }

  return judgeCounted(id, judged, problems, {
    pass: (n) => enabled
      ? `${n} HIL.Pubf call(s) published exactly what frozen's json_printf prints, at the QoS and retain asked for, and returned the packet id`
      : `${n} HIL.Pubf call(s) with mqtt disabled at boot returned 0 and sent nothing`,
    nothing: NOTHING,
  }, {
    expected: Object.fromEntries(calls.map((a) => [a.case, pubfReference[a.case].payload])),
    observed,
    evidence,
    source,
  });
}

export const apiPubf: CheckDefinition = {
  id,
  needs: '`pubf` actions (HIL.Pubf: case, topic, qos, retain, the packet id returned, connected); the device\'s PUBLISH packets at the gate, one topic per call.',
  run,
};
