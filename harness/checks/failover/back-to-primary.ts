/**
 * failover.back-to-primary — when the backup's delay also reaches its max, the device
 * returns to the primary after 2·mqtt.min.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';
import { judgeSwitch, timing } from './switch.ts';

const id = 'failover.back-to-primary';
const source = cite('impl.failover.switch', 'impl.failover.first-delay', 'doc.failover.same-way');

export function run(obs: Observation): Verdict {
  const { mqtt1 } = obs.configAt(0);
  if (!mqtt1.enable || mqtt1.server === '') {
    return nothingToJudge(id, 'mqtt1 is not enabled with a server: no failover expected', { source });
  }
  const f = judgeSwitch(obs, 'mqtt');
  return judgeCounted(id, f.reached, f.problems, {
    pass: (n) => `${n} run(s) returned to the primary at the expected attempt, ${timing(f)}`,
    nothing: 'no run reached the point where the backup hits its max delay, with the attempt after it',
  }, { ...f, source });
}

export const failoverBackToPrimary: CheckDefinition = {
  id,
  needs:
    'mqtt1 enabled with a server; both brokers unreachable from boot/reset for a full round ' +
    '(defaults: primary 7 attempts + backup 6 attempts, ≈ 244 s device time) and the attempt ' +
    'after it.',
  run,
};
