/**
 * Shared by failover.to-backup and failover.back-to-primary: where the model switches
 * config in each run, and whether the board switched there — not earlier, not never.
 */
import type { ConfigName } from '../../contract/mqtt-config.ts';
import type { Evidence } from '../input.ts';
import { fmt } from '../observe/config.ts';
import type { Observation } from '../observe/observation.ts';
import { isTimed, summarizeGap } from '../observe/runs.ts';

export interface SwitchFindings {
  /** Runs that reached the model's switch point. */
  reached: number;
  /** Of those, the switches whose delay was timed (measured, or logged by the device). */
  timed: number;
  problems: string[];
  evidence: Evidence[];
  expected: unknown[];
  observed: unknown[];
}

export function judgeSwitch(obs: Observation, to: ConfigName): SwitchFindings {
  const out: SwitchFindings = { reached: 0, timed: 0, problems: [], evidence: [], expected: [], observed: [] };
  const from: ConfigName = to === 'mqtt1' ? 'mqtt' : 'mqtt1';
  for (const r of obs.judgedRuns) {
    const at = r.schedule.attempts.findIndex((a, i) => a.switched && a.server === to && r.schedule.attempts[i - 1]?.server === from);
    if (at < 0) continue;
    // The attempts the model expects on `from` before the switch point.
    let since = at;
    while (since > 0 && r.schedule.attempts[since - 1]!.server === from) since--;
    // The board must have been on `from` there (else an earlier switch failed: another check's verdict).
    const onFrom = r.run.attempts[since];
    if (!onFrom || (onFrom.server !== from && onFrom.server !== 'unknown')) continue;
    const early = r.run.attempts.slice(since, at).findIndex((a) => a.server === to);
    if (early >= 0) {
      const a = r.run.attempts[since + early]!;
      out.problems.push(`early switch: attempt ${since + early + 1} went to ${to} before ${from} reached its max delay (model switches at attempt ${at + 1})`);
      out.evidence.push(...a.evidence.slice(0, 2));
      out.reached++;
      continue;
    }
    const expected = r.schedule.attempts[at]!;
    const gap = r.gaps.find((g) => g.index === at);
    if (gap) {
      out.reached++;
      if (isTimed(gap)) out.timed++;
      out.expected.push({ attempt: at + 1, server: to, nominalMs: expected.nominalMs, windowMs: expected.windowMs });
      out.observed.push(summarizeGap(gap));
      out.evidence.push(...gap.evidence);
      if (gap.attempt.server !== to) out.problems.push(`no switch: attempt ${at + 1} went to ${gap.attempt.server} again after ${from} reached its max delay; expected ${to}`);
      else out.problems.push(...gap.problems);
    } else if (r.missing && r.missing.expected.index === at) {
      out.reached++;
      out.expected.push({ attempt: at + 1, server: to, nominalMs: expected.nominalMs, windowMs: expected.windowMs });
      out.observed.push({ silentMs: Math.round(r.missing.silentMs) });
      out.evidence.push(...r.missing.after.evidence);
      out.problems.push(`no attempt to ${to} after ${from} reached its max delay: silent for ${fmt(r.missing.silentMs)}`);
    }
  }
  return out;
}

/** For a pass reason: whether the switches' delays were timed, or only their server judged. */
export function timing(f: SwitchFindings): string {
  if (f.timed === f.reached) return 'after 2·min';
  return `${f.timed} of them timed against 2·min (the others' delay was not measurable: only their server was judged)`;
}
