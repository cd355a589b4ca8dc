/**
 * delivery.qos0-no-dup — no QoS 0 PUBLISH from the device ever carries DUP = 1 (MQTT
 * 3.1.1 [MQTT-3.3.1-2]), whatever made it QoS 0: the request, the config's cap or a
 * runtime override, on a first send or a re-send. Judged on every device PUBLISH of every
 * scenario.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'delivery.qos0-no-dup';
const source = cite('mqtt.dup.qos0', 'impl.qos.downgrade-queue-jam');

export function run(obs: Observation): Verdict {
  const qos0 = obs.publishes.filter((p) => p.qos === 0);
  const bad = qos0.filter((p) => p.dup === true);
  const problems = bad.map((p) => `${p.broker}#${p.conn}: QoS 0 PUBLISH ${p.topic} ${JSON.stringify(p.payload)} with DUP = 1 (MQTT 3.1.1 requires DUP = 0 for QoS 0)`);
  return judgeCounted(id, qos0.length, problems, {
    pass: (n) => `${n} QoS 0 PUBLISH(es) from the device, all with DUP = 0`,
    nothing: 'the device sent no QoS 0 PUBLISH',
  }, {
    expected: { qos0WithDup: 0 },
    observed: { qos0: qos0.length, qos0WithDup: bad.length },
    evidence: qos0.map((p) => ({ t: p.t, what: describePacket(p) })),
    source,
  });
}

export const deliveryQos0NoDup: CheckDefinition = {
  id,
  needs: 'the device\'s PUBLISH packets as the gate decoded them, ≥ 1 of them at QoS 0 (a QoS 0 pub, or one capped to 0).',
  run,
};
