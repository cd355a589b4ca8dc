/**
 * delivery.puback-matched — a QoS 1 PUBLISH the broker delivers to the device on a topic
 * that matches one of its subscriptions gets exactly one PUBACK with its packet id, even
 * when several subscriptions match (every matching handler runs, the PUBACK goes once).
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import { topicMatches } from '../../model/subscriptions.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgePubacks } from './judge-pubacks.ts';

const id = 'delivery.puback-matched';

export function run(obs: Observation): Verdict {
  return judgePubacks(obs, {
    id,
    source: cite('mqtt.puback', 'impl.delivery.puback-matched'),
    select: (o, p) => o.rememberedSubs(p.t).some((s) => topicMatches(s.topic, p.topic!)),
    kind: 'matched',
    nothing: 'no QoS 1 message matching a subscription was delivered to the device (and watched for ε)',
  });
}

export const deliveryPubackMatched: CheckDefinition = {
  id,
  needs:
    'a `sub` action, then the gate\'s broker→device PUBLISH (QoS 1) on a matching topic (a ' +
    'peer-publish), and the device→broker packets after it while the connection stays up ≥ ε.',
  run,
};
