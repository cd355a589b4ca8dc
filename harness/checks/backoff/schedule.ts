/**
 * backoff.schedule — every delay between attempts lies in the model's window
 * `[0.9·d − ε, 1.1·d + ε]`, goes to the expected server, and matches the device's own
 * `connecting after N ms` line; no expected attempt is missing. The measured gap is what
 * is judged against the window: the log line is only cross-checked, and a gap known only
 * from the log counts for nothing.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { type GapJudgement, isTimed, summarizeGap, summarizeMissing } from '../observe/runs.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'backoff.schedule';
const source = cite('impl.backoff.rule', 'impl.backoff.floor', 'impl.backoff.fuzz', 'doc.backoff.example');

export function run(obs: Observation): Verdict {
  const judged = obs.judgedRuns;
  const shown = (g: GapJudgement) => isTimed(g) || g.attempt.loggedDelay !== undefined;
  const gaps = judged.flatMap((r) => r.gaps).filter(shown);
  const measured = gaps.filter(isTimed).length;
  if (measured < 2) {
    return nothingToJudge(id, `only ${measured} measured gap(s) between attempts in a run; at least 2 are needed (a "connecting after" line alone does not time a gap)`, { source, evidence: judged.flatMap((r) => r.run.attempts.flatMap((a) => a.evidence)) });
  }
  const problems = [...gaps.flatMap((g) => g.problems), ...judged.flatMap((r) => (r.missing ? [r.missing.problem] : []))];
  const sources = [...source, ...gaps.flatMap((g) => g.expected.source)];
  return judgeCounted(id, measured, problems, {
    pass: (n) => `${n} measured delays within ±10 % of the nominal schedule`,
    nothing: 'no measurable gap between attempts',
  }, {
    expected: judged.map((r) => r.schedule.attempts.slice(0, r.run.attempts.length + 1).map((a) => ({ server: a.server, nominalMs: a.nominalMs, windowMs: a.windowMs }))),
    observed: judged.flatMap((r) => [...r.gaps.filter(shown).map(summarizeGap), ...[summarizeMissing(r)].filter((m) => m !== undefined)]),
    evidence: gaps.flatMap((g) => g.evidence),
    source: sources,
  });
}

export const backoffSchedule: CheckDefinition = {
  id,
  needs:
    '≥ 2 measurable gaps in one run — attempts that fail (closed port: serial `connecting to` + ' +
    '`TCP connected error` lines; or gate accept + close), starting from a boot or a recorded ' +
    '`reset`/`connect` action. The `connecting after` lines are cross-checked against the measured gaps when present.',
  run,
};
