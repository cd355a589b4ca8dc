/**
 * backoff.reset-after-connack — after a working session (CONNACK 0) drops, the schedule
 * starts again: the same server after 2·max(1 s, min), then doubling.
 *
 * Needs: see `needs` at the end of this file.
 */
import { nextAttempt } from '../../model/schedule.ts';
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import { fmt } from '../observe/config.ts';
import type { Observation } from '../observe/observation.ts';
import { isTimed, summarizeGap, type GapJudgement } from '../observe/runs.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'backoff.reset-after-connack';
const source = cite('impl.backoff.reset-on-connack', 'impl.backoff.rule', 'impl.backoff.fuzz');

export function run(obs: Observation): Verdict {
  const judged = obs.judgedRuns;
  const afterSession: { gap: GapJudgement; follow: GapJudgement[]; noResetNominal: number | null }[] = [];
  for (const r of judged) {
    r.gaps.forEach((g, gi) => {
      if (!g.expected.afterSession) return;
      const sessionAttempt = r.schedule.attempts[g.index - 1]!;
      const configs = obs.configAt(g.prev.start);
      const alt = nextAttempt({ rt: sessionAttempt.nominalMs ?? 0, active: sessionAttempt.server }, configs, 'fail');
      const follow: GapJudgement[] = [];
      for (const next of r.gaps.slice(gi + 1)) {
        if (next.expected.afterSession) break;
        follow.push(next);
        if (follow.length === 2) break;
      }
      afterSession.push({ gap: g, follow, noResetNominal: alt.nominalMs });
    });
  }
  const evidence = afterSession.flatMap((s) => [...s.gap.evidence, ...s.follow.flatMap((f) => f.evidence)]);
  const telling = afterSession.filter((s) => s.noResetNominal !== s.gap.expected.nominalMs);
  if (telling.length === 0) {
    return nothingToJudge(id, afterSession.length === 0
      ? 'no attempt after a dropped session (CONNACK 0, then close) was observed'
      : 'every session came before any failed attempt, so a reset cannot be told from a continuation', { source, evidence });
  }
  const problems: string[] = [];
  for (const s of afterSession) {
    const p = s.gap.problems.map((x) => `after the session: ${x}`);
    if (p.length > 0 && s.gap.measuredMs !== undefined && s.noResetNominal !== null && Math.abs(s.gap.measuredMs - s.noResetNominal) <= 0.1 * s.noResetNominal) {
      p.unshift(`rt not reset after CONNACK 0: gap ${fmt(s.gap.measuredMs)} continues the old schedule (${fmt(s.noResetNominal)}) instead of ${fmt(s.gap.expected.nominalMs!)}`);
    }
    problems.push(...p, ...s.follow.flatMap((f) => f.problems));
  }
  // A gap not measured (the session's end unseen) tells nothing about rt: a logged delay alone need not be what was waited.
  const timed = telling.filter((s) => isTimed(s.gap));
  return judgeCounted(id, timed.length, problems, {
    pass: (n) => `${n} dropped session(s) followed by a fresh schedule (first delay 2·max(1 s, min), then doubling)`,
    nothing: 'no gap after a dropped session could be timed (the session\'s end was not seen)',
  }, {
    expected: afterSession.map((s) => ({ nominalMs: [s.gap.expected.nominalMs, ...s.follow.map((f) => f.expected.nominalMs)], server: s.gap.expected.server })),
    observed: afterSession.map((s) => [summarizeGap(s.gap), ...s.follow.map(summarizeGap)]),
    evidence,
    source,
  });
}

export const backoffResetAfterConnack: CheckDefinition = {
  id,
  needs:
    'in one run, ≥ 1 failing attempt, then a session (gate CONNACK 0 or serial `CONNACK 0`) that ' +
    'the broker drops (fault `drop`, gate close), then ≥ 1 further attempt. Without failures ' +
    'before the session a reset cannot be told from a continuation: skip.',
  run,
};
