/**
 * failover.to-backup — once the primary's delay has reached reconnect_timeout_max, the
 * next attempt goes to mqtt1 after 2·mqtt1.min (4 s by default): not earlier, not never.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';
import { judgeSwitch, timing } from './switch.ts';

const id = 'failover.to-backup';
const source = cite('impl.failover.switch', 'impl.failover.first-delay', 'doc.failover.same-way');

export function run(obs: Observation): Verdict {
  const { mqtt1 } = obs.configAt(0);
  if (!mqtt1.enable || mqtt1.server === '') {
    return nothingToJudge(id, 'mqtt1 is not enabled with a server: no failover expected', { source });
  }
  const f = judgeSwitch(obs, 'mqtt1');
  return judgeCounted(id, f.reached, f.problems, {
    pass: (n) => `${n} run(s) switched to mqtt1 at the expected attempt, ${timing(f)} (impl; the doc says "the same way")`,
    nothing: 'no run reached the point where the primary hits its max delay, with the attempt after it',
  }, { ...f, source });
}

export const failoverToBackup: CheckDefinition = {
  id,
  needs:
    'mqtt1.enable with a server; a run from boot/reset with the primary unreachable long enough ' +
    'to reach its max delay (defaults: 7 attempts, ≈ 122 s device time) and the attempt after it ' +
    '(gate accepts on `backup` or serial `connecting to <mqtt1.server>`).',
  run,
};
