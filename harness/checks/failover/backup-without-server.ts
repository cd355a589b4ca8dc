/**
 * failover.backup-without-server — with mqtt1.enable=true and an empty mqtt1.server the
 * device must keep trying the primary (the doc's promise). The impl switches to the empty
 * backup and never tries again: the model follows the doc, so such a board fails.
 *
 * Needs: config mqtt1.enable=true, mqtt1.server=""; the primary unreachable from
 * boot/reset until past its max delay (defaults ≈ 122 s device time) and then at least one
 * more max delay + 10 % + ε of observation, so a silent board can be told from a slow one.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, CheckInput, Evidence, Verdict } from '../input.ts';
import { configAt, deviceMs, fmt } from '../observe/config.ts';
import { judgeRuns, summarizeGap } from '../observe/runs.ts';
import { judge, skip } from '../verdict.ts';

const id = 'failover.backup-without-server';
const source = cite('doc.failover.keeps-alive', 'impl.failover.empty-server', 'impl.failover.switch');

export function run(input: CheckInput): Verdict {
  const { mqtt, mqtt1 } = configAt(input, 0);
  if (!(mqtt1.enable && mqtt1.server === '')) return skip(id, 'needs mqtt1.enable=true with an empty mqtt1.server', { source });
  const maxMs = 1000 * mqtt.reconnect_timeout_max;
  const problems: string[] = [];
  const observed: unknown[] = [];
  const evidence: Evidence[] = [];
  let reached = 0;
  for (const r of judgeRuns(input)) {
    // The impl's switch point: the first attempt after one whose delay reached the primary's max.
    const at = r.schedule.attempts.findIndex((_a, i) => i > 0 && (r.schedule.attempts[i - 1]!.nominalMs ?? 0) >= maxMs);
    if (at < 0) continue;
    const gap = r.gaps.find((g) => g.index === at);
    if (gap) {
      reached++;
      observed.push(summarizeGap(gap));
      evidence.push(...gap.evidence);
      problems.push(...gap.problems);
    } else if (r.missing && r.missing.expected.index === at) {
      reached++;
      observed.push({ silentMs: Math.round(r.missing.silentMs) });
      evidence.push(...r.missing.after.evidence);
      problems.push(`device went silent after the primary reached its max delay (no attempt for ${fmt(r.missing.silentMs)}): it switched to the empty mqtt1 and stopped (impl defect)`);
    } else if (r.run.attempts.length > at - 1) {
      const last = r.run.attempts.at(-1)!;
      evidence.push(...last.evidence);
      observed.push({ observedAfterLastMs: last.end === undefined ? null : Math.round(deviceMs(input, r.run.endT - last.end)) });
    }
  }
  if (reached === 0) {
    return skip(id, `the primary's delay did not reach its max (${fmt(maxMs)}) with enough observation after it`, { source, evidence, observed });
  }
  return judge(id, problems, 'kept trying the primary after reaching its max delay (doc), despite the backup having no server', {
    expected: { server: 'mqtt', nominalMs: maxMs, note: 'doc: keeps trying; impl: silent forever' },
    observed,
    evidence,
    source,
  });
}

export const failoverBackupWithoutServer: CheckDefinition = {
  id,
  needs: 'mqtt1.enable with empty server, primary down from boot past its max delay plus one more max delay of observation',
  run,
};
