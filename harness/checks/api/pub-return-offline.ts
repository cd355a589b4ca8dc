/**
 * api.pub-return-offline — while offline, mgos_mqtt_pub (HIL.Pub) still returns a packet
 * id ≠ 0 (impl, since publishes are queued); the doc says 0. The model follows the impl and
 * the verdict names both. With mqtt.enable false at boot the id is 0.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'api.pub-return-offline';
const source = cite('impl.pub.packet-id', 'doc.pub.offline-zero', 'doc.js-pub.return', 'impl.pub.disabled-at-boot');

export function run(obs: Observation): Verdict {
  const offline = obs.actionsOf('pub').filter((p) => !p.connected);
  const enabledAtBoot = obs.input.config.mqtt.enable;
  const problems = offline
    .filter((p) => (enabledAtBoot ? p.packetId === 0 : p.packetId !== 0))
    .map((p) =>
      enabledAtBoot
        ? `offline pub ${p.topic} qos ${p.qos} returned 0 (the doc's wording); the impl returns the packet id`
        : `pub ${p.topic} returned ${p.packetId} with mqtt disabled at boot; expected 0`,
    );
  return judgeCounted(id, offline.length, problems, {
    pass: (n) => enabledAtBoot
      ? `${n} offline publish(es) returned a packet id ≠ 0 (impl; differs from the doc's "0 is returned")`
      : `${n} publish(es) with mqtt disabled at boot returned 0`,
    nothing: 'no publish was made while offline (record HIL.Pub with connected=false)',
  }, {
    expected: enabledAtBoot ? 'packet id ≠ 0 (impl); the doc says 0' : 0,
    observed: offline.map((p) => ({ topic: p.topic, qos: p.qos, packetId: p.packetId })),
    evidence: offline.map((p) => ({ t: p.t, what: `HIL.Pub ${p.topic} qos ${p.qos} offline → packet_id ${p.packetId}` })),
    source,
  });
}

export const apiPubReturnOffline: CheckDefinition = {
  id,
  needs: '`pub` actions with connected=false and the packet id HIL.Pub returned.',
  run,
};
