/**
 * failover.stays-on-backup — after a session on the backup drops, the device keeps to
 * the backup until the backup's own delay reaches its max; it does not run back to the
 * primary at the first loss. This check judges the server of each attempt; their timing
 * (2 s after the session, then 4 s …) is backoff.reset-after-connack's and
 * backoff.schedule's concern.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { summarizeGap, type GapJudgement } from '../observe/runs.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'failover.stays-on-backup';
const source = cite('impl.failover.switch', 'impl.backoff.reset-on-connack', 'doc.failover.keeps-alive');

export function run(obs: Observation): Verdict {
  const { mqtt1 } = obs.configAt(0);
  if (!mqtt1.enable || mqtt1.server === '') return nothingToJudge(id, 'mqtt1 is not enabled with a server: no failover expected', { source });
  const judged: GapJudgement[] = [];
  for (const r of obs.judgedRuns) {
    r.gaps.forEach((g, gi) => {
      if (!(g.prev.server === 'mqtt1' && g.prev.outcome === 'session')) return;
      // The attempts the model keeps on the backup after this session.
      for (const next of r.gaps.slice(gi)) {
        if (next.expected.server !== 'mqtt1' || (next !== g && next.expected.afterSession)) break;
        judged.push(next);
      }
    });
  }
  const problems = judged.flatMap((g) =>
    g.attempt.server === 'mqtt' ? [`attempt ${g.index + 1} went back to the primary; the backup had not reached its max delay`] : [],
  );
  // An attempt whose server is unknown (a `connecting to` line naming neither config) is no evidence of loyalty.
  const known = judged.filter((g) => g.attempt.server !== 'unknown');
  return judgeCounted(id, known.length, problems, {
    pass: (n) => `${n} attempt(s) after the backup session stayed on the backup`,
    nothing: judged.length === 0
      ? 'no attempt after a dropped session on the backup was observed'
      : `the ${judged.length} attempt(s) after the backup session went to a server that names neither config`,
  }, {
    expected: judged.map((g) => ({ attempt: g.index + 1, server: 'mqtt1', nominalMs: g.expected.nominalMs })),
    observed: judged.map(summarizeGap),
    evidence: judged.flatMap((g) => g.evidence),
    source,
  });
}

export const failoverStaysOnBackup: CheckDefinition = {
  id,
  needs:
    'mqtt1 enabled with a server; a session on the `backup` gate (CONNACK 0), then a `drop` of ' +
    'it, then ≥ 1 further attempt in the same run.',
  run,
};
