/**
 * resubscribe.qos — each re-sent SUBSCRIBE asks for min(remembered QoS, current max):
 * remembered = requested (default 1) capped by the max in force when subscribing.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'resubscribe.qos';
const source = cite('impl.resub.qos', 'impl.qos.effective-max', 'mqtt.subscribe.qos');

export function run(obs: Observation): Verdict {
  const pairs = obs.sessionSubs.flatMap((s) =>
    s.expected.flatMap((e) => {
      const sent = s.sent.get(e.topic);
      return sent ? [{ s, e, sent }] : [];
    }),
  );
  const problems = pairs
    .filter((p) => p.sent.qos !== p.e.qos)
    .map((p) => `${p.s.session.broker}#${p.s.session.conn}: ${p.e.topic} re-subscribed at QoS ${p.sent.qos}, expected ${p.e.qos}`);
  return judgeCounted(id, pairs.length, problems, {
    pass: (n) => `${n} re-subscription(s) at the expected QoS`,
    nothing: 'no re-sent SUBSCRIBE of a remembered topic was observed',
  }, {
    expected: pairs.map((p) => ({ topic: p.e.topic, qos: p.e.qos })),
    observed: pairs.map((p) => ({ topic: p.e.topic, qos: p.sent.qos })),
    evidence: pairs.map((p) => ({ t: p.sent.packet.t, what: describePacket(p.sent.packet) })),
    source,
  });
}

export const resubscribeQos: CheckDefinition = {
  id,
  needs:
    '`sub` actions (with or without qos), optionally `set-max-qos`/`config max_qos`, then a ' +
    'session (gate CONNACK 0) after them with its SUBSCRIBE packets.',
  run,
};
