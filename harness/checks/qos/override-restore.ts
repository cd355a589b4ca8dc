/**
 * qos.override-restore — lowering the cap at run time and then restoring it takes
 * effect: later publishes (and SUBSCRIBEs) go out at min(requested, restored cap). Catches
 * the impl's sticky override (a value equal to the config's max_qos is ignored).
 *
 * Needs: see `needs` at the end of this file.
 */
import { wireQos } from '../../model/qos.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { describePacket } from '../observe/connections.ts';
import type { Observation } from '../observe/observation.ts';
import { packetsOf, pubLabel } from '../observe/publishes.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'qos.override-restore';
const source = cite('doc.max-qos.set', 'impl.qos.effective-max', 'impl.qos.sticky-override', 'impl.qos.set-max-qos-undefined');

export function run(obs: Observation): Verdict {
  const cap = obs.cap;
  const sets = obs.actionsOf('set-max-qos');
  // A raise that follows a lowering: [lowered value, restore time].
  const restores = sets.flatMap((s) => {
    const before = cap.at(s.t - 1e-6);
    const lowered = sets.some((x) => x.t < s.t && x.qos < s.qos);
    return lowered && s.qos > before ? [{ t: s.t, from: before, to: s.qos }] : [];
  });
  if (restores.length === 0) return nothingToJudge(id, 'no set-max-qos that lowers the cap followed by one that raises it', { source });
  const firstRestore = restores[0]!;
  const packets = obs.publishes;
  const cases = obs.actionsOf('pub').filter((p) => p.t >= firstRestore.t && p.qos > firstRestore.from && p.connected);
  const judged = cases.flatMap((p) => {
    const got = packetsOf(p, packets)[0];
    return got ? [{ p, got, want: wireQos(p.qos, cap.at(p.t)) }] : [];
  });
  const evidence: Evidence[] = [
    ...sets.map((s) => ({ t: s.t, what: `set-max-qos ${s.qos}` })),
    ...judged.flatMap((j) => [{ t: j.p.t, what: pubLabel(j.p) }, { t: j.got.t, what: describePacket(j.got) }]),
  ];
  const problems = judged
    .filter((j) => j.got.qos !== j.want)
    .map((j) => `${pubLabel(j.p)} went out at QoS ${j.got.qos} after the cap was restored to ${cap.at(j.p.t)}; expected ${j.want}${j.got.qos === firstRestore.from ? ' (the override stuck)' : ''}`);
  return judgeCounted(id, judged.length, problems, {
    pass: (n) => `after restoring the cap to ${firstRestore.to}, ${n} publish(es) went out at the restored QoS`,
    nothing: 'no publish above the lowered cap was seen on the wire after the restore',
  }, {
    expected: judged.map((j) => ({ topic: j.p.topic, qos: j.want })),
    observed: judged.map((j) => ({ topic: j.p.topic, qos: j.got.qos })),
    evidence,
    source,
  });
}

export const qosOverrideRestore: CheckDefinition = {
  id,
  needs:
    '`set-max-qos` lowering the cap (e.g. 0), a later `set-max-qos` raising it (e.g. back to the ' +
    'config\'s 2), both while connected; then `pub` actions with a QoS above the lowered cap ' +
    '(unique payloads) and their PUBLISH packets at the gate.',
  run,
};
