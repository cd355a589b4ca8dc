/**
 * connect.auth-refused — a refused CONNACK (code 1–5) ends the attempt and the schedule
 * simply continues (rt is not reset; 2, 4, 8 … from the first refusal), with no reboot.
 *
 * Needs: see `needs` at the end of this file.
 */
import { nextAttempt } from '../../model/schedule.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { isTimed, summarizeGap, type GapJudgement } from '../observe/runs.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'connect.auth-refused';
const source = cite('impl.backoff.refusal-continues', 'impl.backoff.rule', 'impl.backoff.fuzz');

export function run(obs: Observation): Verdict {
  const judged = obs.judgedRuns;
  const after: { g: GapJudgement; telling: boolean }[] = [];
  for (const r of judged) {
    for (const g of r.gaps) {
      if (g.prev.connackCode === undefined || g.prev.connackCode === 0) continue;
      // What a device that reset rt on the refusal would do instead.
      const prevNominal = r.schedule.attempts[g.index - 1]!.nominalMs;
      const reset = nextAttempt({ rt: 0, active: g.expected.server }, obs.configAt(g.prev.start), 'fail');
      after.push({ g, telling: prevNominal !== null && reset.nominalMs !== g.expected.nominalMs });
    }
  }
  const evidence: Evidence[] = after.flatMap((a) => a.g.evidence);
  if (!after.some((a) => a.telling)) {
    return nothingToJudge(id, after.length === 0 ? 'no attempt followed a refused CONNACK' : 'fewer than 2 consecutive refusals: a continuing schedule cannot be told from a reset', { source, evidence });
  }
  const problems = after.flatMap((a) => a.g.problems.map((p) => `after CONNACK ${a.g.prev.connackCode}: ${p}`));
  const firstRefusal = Math.min(...after.map((a) => a.g.prev.start));
  const reboots = obs.boots.filter((t) => t > firstRefusal);
  if (reboots.length > 0) problems.unshift(`the board rebooted after a refused CONNACK (banner at ${reboots[0]!.toFixed(1)})`);
  return judgeCounted(id, after.filter((a) => a.telling && isTimed(a.g)).length, problems, {
    pass: (n) => `${n} timed attempt(s) after consecutive refused CONNACKs continued the schedule (${after.length} after refusals in all)`,
    nothing: 'no gap after a second refusal could be timed (the refused attempt\'s end was not seen; a logged delay alone does not time a gap)',
  }, {
    expected: after.map((a) => ({ attempt: a.g.index + 1, nominalMs: a.g.expected.nominalMs })),
    observed: after.map((a) => ({ ...summarizeGap(a.g), refusedWith: a.g.prev.connackCode })),
    evidence,
    source,
  });
}

export const connectAuthRefused: CheckDefinition = {
  id,
  needs:
    'gate fault `connack <code>` (or a broker refusing auth) from boot/reset, so that ≥ 2 ' +
    'consecutive attempts are refused (the second gap tells continuation from reset); the ' +
    'board\'s serial banners to see a reboot.',
  run,
};
