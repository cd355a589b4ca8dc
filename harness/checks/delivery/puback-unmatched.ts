/**
 * delivery.puback-unmatched — a QoS 1 PUBLISH the broker delivers to the device on a
 * topic that matches none of its subscriptions (a persistent session after an unsub, or
 * clean_session=false) still gets exactly one PUBACK with its packet id (MQTT 3.1.1).
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import { topicMatches } from '../../model/subscriptions.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgePubacks } from './judge-pubacks.ts';

const id = 'delivery.puback-unmatched';

export function run(obs: Observation): Verdict {
  return judgePubacks(obs, {
    id,
    source: cite('mqtt.puback', 'impl.delivery.puback-unmatched'),
    select: (o, p) => !o.rememberedSubs(p.t).some((s) => topicMatches(s.topic, p.topic!)),
    kind: 'unmatched',
    nothing: 'no QoS 1 message matching no subscription was delivered to the device (and watched for ε)',
  });
}

export const deliveryPubackUnmatched: CheckDefinition = {
  id,
  needs:
    'the gate\'s broker→device PUBLISH (QoS 1) on a topic matching no remembered subscription ' +
    '(per sub/unsub actions), and the device→broker packets after it while the connection stays ' +
    'up ≥ ε.',
  run,
};
