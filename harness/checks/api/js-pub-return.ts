/**
 * api.js-pub-return — JS MQTT.pub (HIL.JS.Pub) returns what mgos_mqtt_pub returns (impl:
 * api_mqtt.js declares it `int`): the packet id, never 0 while MQTT was enabled at boot,
 * offline too, and for a QoS ≥ 1 publish the id the broker received. The doc says "0 on
 * failure, 1 on success"; the model follows the impl and the verdict names both.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'api.js-pub-return';
const source = cite('impl.js-pub.packet-id', 'doc.js-pub.return', 'impl.pub.packet-id', 'impl.pub.disabled-at-boot');

export function run(obs: Observation): Verdict {
  const pubs = obs.actionsOf('js-pub');
  const enabledAtBoot = obs.input.config.mqtt.enable;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const observed: unknown[] = [];
  for (const p of pubs) {
    evidence.push({ t: p.t, what: `MQTT.pub ${p.topic} qos ${p.qos}${p.connected ? '' : ' offline'} → ${p.result}` });
    if (!enabledAtBoot) {
      if (p.result !== 0) problems.push(`MQTT.pub ${p.topic} returned ${p.result} with mqtt disabled at boot; expected 0`);
      continue;
    }
    if (p.result === 0) {
      problems.push(`MQTT.pub ${p.topic} qos ${p.qos}${p.connected ? '' : ' (offline)'} returned 0; the impl returns the packet id`);
      continue;
    }
    // The broker's copy of a QoS ≥ 1 publish sent at once carries the id MQTT.pub returned.
    const wire = p.connected && p.qos > 0
      ? obs.publishes.find((w) => w.dir === 'in' && w.t >= p.t && w.topic === p.topic && w.payload === p.payload && !w.dup)
      : undefined;
    observed.push({ topic: p.topic, qos: p.qos, connected: p.connected, result: p.result, wirePacketId: wire?.packetId });
    if (wire !== undefined) {
      evidence.push({ t: wire.t, what: `PUBLISH ${p.topic} id ${wire.packetId} at the broker` });
      if (wire.packetId !== p.result) problems.push(`MQTT.pub ${p.topic} returned ${p.result}, but the broker got packet id ${wire.packetId}`);
    }
  }
  const results = pubs.filter((p) => p.result !== 0).map((p) => p.result);
  const repeated = results.filter((r, i) => results.indexOf(r) !== i);
  if (enabledAtBoot && repeated.length > 0 && results.length < 65535) {
    problems.push(`MQTT.pub returned ${repeated[0]} more than once: packet ids count up (the doc's "1 on success" is not what the impl returns)`);
  }
  return judgeCounted(id, pubs.length, problems, {
    pass: (n) => enabledAtBoot
      ? `${n} MQTT.pub call(s) returned the packet id (impl), never 0 nor a constant 1 (the doc's wording)`
      : `${n} MQTT.pub call(s) with mqtt disabled at boot returned 0`,
    nothing: 'no JS publish was made (record HIL.JS.Pub)',
  }, {
    expected: enabledAtBoot ? 'the packet id: ≠ 0, distinct, the broker\'s id for QoS ≥ 1 (impl); the doc says 1 / 0' : 0,
    observed,
    evidence,
    source,
  });
}

export const apiJsPubReturn: CheckDefinition = {
  id,
  needs: '`js-pub` actions (HIL.JS.Pub with its result and whether MQTT was connected), and for connected QoS ≥ 1 ones the PUBLISH at the broker.',
  run,
};
