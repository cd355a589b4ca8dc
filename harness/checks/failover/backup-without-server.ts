/**
 * failover.backup-without-server — with mqtt1.enable=true and an empty mqtt1.server the
 * device must keep trying the primary (the doc's promise). The impl switches to the empty
 * backup and never tries again: the model follows the doc, so such a board fails.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import { fmt } from '../observe/config.ts';
import type { Observation } from '../observe/observation.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'failover.backup-without-server';
const source = cite('doc.failover.keeps-alive', 'impl.failover.empty-server', 'impl.failover.switch');

export function run(obs: Observation): Verdict {
  const { mqtt, mqtt1 } = obs.configAt(0);
  if (!(mqtt1.enable && mqtt1.server === '')) return nothingToJudge(id, 'the case needs mqtt1.enable=true with an empty mqtt1.server', { source });
  const maxMs = 1000 * mqtt.reconnect_timeout_max;
  const eps = obs.board.epsilonMs;
  // Longer than any delay the schedule allows: silence beyond it means the device stopped.
  const silenceLimit = 1.1 * maxMs + eps;
  const problems: string[] = [];
  const observed: unknown[] = [];
  const evidence: Evidence[] = [];
  let judged = 0;
  for (const r of obs.runs) {
    const attempts = r.attempts;
    const last = attempts.at(-1)!;
    const gaps = attempts.slice(1).map((a, i) => ({ a, ms: attempts[i]!.end === undefined ? undefined : obs.deviceMs(a.start - attempts[i]!.end!) }));
    const toBackup = attempts.filter((a) => a.server === 'mqtt1');
    // The point where the implementation switches to the empty backup: a delay at the max.
    const atMax = gaps.findIndex((g) => g.ms !== undefined && g.ms >= 0.9 * maxMs - eps);
    const silentMs = last.end === undefined || r.endedBy?.kind === 'disconnect' ? 0 : obs.deviceMs(r.endT - last.end);
    if (silentMs > silenceLimit) {
      judged++;
      evidence.push(...last.evidence);
      observed.push({ attempts: attempts.length, silentAfterLastMs: Math.round(silentMs) });
      problems.push(`the device stopped trying: no attempt for ${fmt(silentMs)} after attempt ${attempts.length} (the schedule never waits more than ${fmt(silenceLimit)}); the implementation switches to the empty mqtt1 and goes silent`);
    } else if (atMax >= 0 && atMax < gaps.length - 1) {
      // After one delay at the max, the device tried again: it kept the connection alive.
      judged++;
      const after = gaps.slice(atMax + 1);
      evidence.push(...gaps[atMax]!.a.evidence.slice(0, 1), ...after.flatMap((g) => g.a.evidence.slice(0, 1)));
      observed.push({ attemptsAfterMax: after.length, servers: [...new Set(after.map((g) => g.a.server))] });
    }
    if (toBackup.length > 0) problems.push(`${toBackup.length} attempt(s) went to mqtt1, which has no server`);
  }
  return judgeCounted(id, judged, problems, {
    pass: (n) => `${n} run(s) kept trying the primary after reaching its max delay (doc), despite the backup having no server`,
    nothing: `the primary's delay did not reach its max (${fmt(maxMs)}) with an attempt after it, nor did the device fall silent`,
  }, {
    expected: { server: 'mqtt', note: `an attempt at least every ${fmt(silenceLimit)}, forever (doc); the implementation goes silent` },
    observed,
    evidence,
    source,
  });
}

export const failoverBackupWithoutServer: CheckDefinition = {
  id,
  needs:
    'config mqtt1.enable=true, mqtt1.server=""; the primary unreachable from boot/reset until ' +
    'past its max delay (defaults ≈ 122 s device time) and then at least one more max delay + 10 ' +
    '% + ε of observation, so a silent board can be told from a slow one.',
  run,
};
