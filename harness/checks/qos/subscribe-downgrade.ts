/**
 * qos.subscribe-downgrade — with the cap below the requested QoS, SUBSCRIBE asks for
 * min(requested, cap), both when subscribing live and when re-subscribing after CONNACK.
 *
 * Needs: see `needs` at the end of this file.
 */
import { wireQos } from '../../model/qos.ts';
import { cite } from '../../model/sources.ts';
import { DEFAULT_SUB_QOS } from '../../model/subscriptions.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted } from '../verdict.ts';

const id = 'qos.subscribe-downgrade';
const source = cite('impl.qos.effective-max', 'impl.resub.qos', 'doc.max-qos.set', 'impl.qos.set-max-qos-undefined');

export function run(obs: Observation): Verdict {
  const cap = obs.cap;
  const subscribes = obs.subscribes;
  const cases = obs.actionsOf('sub').flatMap((s) => {
    const req = s.qos ?? DEFAULT_SUB_QOS;
    // Every SUBSCRIBE of the topic sent while the cap stays below the request.
    const sent = subscribes.flatMap((p) =>
      p.t >= s.t && cap.at(p.t) < req ? (p.subscriptions ?? []).filter((x) => x.topic === s.topic).map((x) => ({ p, qos: x.qos })) : [],
    );
    return sent.map((x) => ({ s, req, want: wireQos(wireQos(req, cap.at(s.t)), cap.at(x.p.t)), ...x }));
  });
  const problems = cases
    .filter((c) => c.qos !== c.want)
    .map((c) => `SUBSCRIBE ${c.s.topic} asked QoS ${c.qos}, expected ${c.want} (requested ${c.req}, cap ${cap.at(c.p.t)})`);
  return judgeCounted(id, cases.length, problems, {
    pass: (n) => `${n} SUBSCRIBE(s) under the cap asked for min(requested, cap)`,
    nothing: 'no SUBSCRIBE of a sub action\'s topic was sent while the cap was below the requested QoS',
  }, {
    expected: cases.map((c) => ({ topic: c.s.topic, qos: c.want })),
    observed: cases.map((c) => ({ topic: c.s.topic, qos: c.qos })),
    evidence: cases.flatMap((c) => [{ t: c.s.t, what: `sub ${c.s.topic} qos ${c.req}` }, { t: c.p.t, what: describePacket(c.p) }]),
    source,
  });
}

export const qosSubscribeDowngrade: CheckDefinition = {
  id,
  needs:
    'a cap below the subscription\'s QoS (set-max-qos action or config max_qos), then `sub` ' +
    'actions (default QoS 1) and the gate\'s SUBSCRIBE packets that follow them.',
  run,
};
