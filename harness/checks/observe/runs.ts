/**
 * The observed attempts cut into runs (a reset, a reboot banner, HIL.Connect or
 * HIL.Disconnect starts a new one: they trigger attempts outside the schedule), and each
 * run lined up, attempt by attempt, with the schedule the model expects given what each
 * observed attempt came to. Shared by the backoff, failover and auth-refused checks.
 */
import { expectedSchedule, type ExpectedAttempt, type Follow, type Schedule } from '../../model/schedule.ts';
import type { Evidence } from '../input.ts';
import type { ObservedAttempt } from './attempts.ts';
import { fmt } from './config.ts';
import type { Observation } from './observation.ts';

export interface Breaker {
  t: number;
  kind: 'reset' | 'connect' | 'disconnect' | 'boot';
}

export interface Run {
  attempts: ObservedAttempt[];
  /** Harness ms at which the run stops being observed (next breaker or end of the slice). */
  endT: number;
  endedBy?: Breaker;
}

export interface GapJudgement {
  /** Index of `attempt` in its run (≥ 1). */
  index: number;
  prev: ObservedAttempt;
  attempt: ObservedAttempt;
  expected: ExpectedAttempt;
  /** Device ms from the end of `prev` to the start of `attempt`; undefined when `prev` has no end. */
  measuredMs?: number;
  problems: string[];
  evidence: Evidence[];
}

export interface MissingAttempt {
  after: ObservedAttempt;
  expected: ExpectedAttempt;
  /** Device ms of silence observed after `after` ended. */
  silentMs: number;
  problem: string;
}

export interface RunJudgement {
  run: Run;
  schedule: Schedule;
  gaps: GapJudgement[];
  missing?: MissingAttempt;
}

/** The view behind `Observation.breakers`. */
export function observeBreakers(obs: Observation): Breaker[] {
  const out: Breaker[] = obs.boots.map((t) => ({ t, kind: 'boot' as const }));
  for (const a of obs.input.actions) {
    if (a.kind === 'reset' || a.kind === 'connect' || a.kind === 'disconnect') out.push({ t: a.t, kind: a.kind });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The view behind `Observation.runs`. */
export function observeRuns(obs: Observation): Run[] {
  const attempts = obs.attempts;
  const cuts = obs.breakers;
  const end = obs.end;
  const out: Run[] = [];
  let cur: Run = { attempts: [], endT: end };
  let ci = 0;
  for (const a of attempts) {
    while (ci < cuts.length && cuts[ci]!.t <= a.start) {
      const cut = cuts[ci++]!;
      if (cur.attempts.length > 0) out.push({ ...cur, endT: cut.t, endedBy: cut });
      cur = { attempts: [], endT: end };
    }
    cur.attempts.push(a);
  }
  if (cur.attempts.length > 0) {
    const next = cuts.slice(ci).find((c) => c.t > (cur.attempts.at(-1)?.start ?? 0));
    out.push(next ? { ...cur, endT: next.t, endedBy: next } : cur);
  }
  return out;
}

/** The view behind `Observation.judgedRuns` (`follow` 'doc'). */
export function judgeRuns(obs: Observation, follow: Follow = 'doc'): RunJudgement[] {
  const eps = obs.board.epsilonMs;
  return obs.runs.map((run) => {
    const first = run.attempts[0]!;
    const schedule = expectedSchedule({
      configs: obs.configAt(first.start),
      outcomes: run.attempts.map((a) => (a.outcome === 'session' ? 'session' : 'fail')),
      // Beyond what was observed the model assumes failures: enough to locate the next switch.
      count: run.attempts.length + 20,
      epsilonMs: eps,
      start: { rt: 0, active: first.server === 'mqtt1' ? 'mqtt1' : 'mqtt' },
      follow,
    });
    const gaps: GapJudgement[] = [];
    for (let i = 1; i < run.attempts.length; i++) {
      const expected = schedule.attempts[i];
      if (!expected) break; // the model expected silence: judged by the caller
      gaps.push(judgeGap(obs, i, run.attempts[i - 1]!, run.attempts[i]!, expected));
    }
    const judgement: RunJudgement = { run, schedule, gaps };
    const last = run.attempts.at(-1)!;
    const next = schedule.attempts[run.attempts.length];
    if (next?.windowMs && last.end !== undefined && run.endedBy?.kind !== 'disconnect') {
      const silentMs = obs.deviceMs(run.endT - last.end);
      if (silentMs > next.windowMs[1]) {
        judgement.missing = {
          after: last,
          expected: next,
          silentMs,
          problem: `no attempt to ${next.server} within [${fmt(next.windowMs[0])}, ${fmt(next.windowMs[1])}] after the attempt ending at ${last.end.toFixed(1)}: silent for ${fmt(silentMs)}`,
        };
      }
    }
    return judgement;
  });
}

function judgeGap(obs: Observation, index: number, prev: ObservedAttempt, attempt: ObservedAttempt, expected: ExpectedAttempt): GapJudgement {
  const eps = obs.board.epsilonMs;
  const problems: string[] = [];
  const evidence: Evidence[] = [...prev.evidence.slice(-1), ...attempt.evidence.slice(0, 2)];
  const nominal = expected.nominalMs!;
  const [lo, hi] = expected.windowMs!;
  const g: GapJudgement = { index, prev, attempt, expected, problems, evidence };
  if (attempt.server !== 'unknown' && attempt.server !== expected.server) {
    problems.push(`attempt ${index + 1} went to ${attempt.server}, expected ${expected.server}`);
  }
  if (prev.end !== undefined) {
    const measured = obs.deviceMs(attempt.start - prev.end);
    g.measuredMs = measured;
    if (measured < lo || measured > hi) {
      problems.push(`gap before attempt ${index + 1} was ${fmt(measured)}, expected ${fmt(nominal)} ±10 % [${fmt(lo)}, ${fmt(hi)}]`);
    }
    if (attempt.loggedDelay && Math.abs(measured - attempt.loggedDelay.ms) > eps) {
      problems.push(`gap before attempt ${index + 1} was ${fmt(measured)} but the device logged "connecting after ${attempt.loggedDelay.ms} ms" (ε ${fmt(eps)})`);
    }
  }
  if (attempt.loggedDelay) {
    evidence.push({ t: attempt.loggedDelay.t, what: `MQTT0 connecting after ${attempt.loggedDelay.ms} ms` });
    if (Math.abs(attempt.loggedDelay.ms - nominal) > 0.1 * nominal + 1) {
      problems.push(`device logged "connecting after ${attempt.loggedDelay.ms} ms" before attempt ${index + 1}, outside ${fmt(nominal)} ±10 %`);
    }
  }
  return g;
}

/**
 * Whether a gap is timed: measured from the harness's stamps (the gate's where it has
 * them). A `connecting after N ms` line alone does not time a gap — the board can wait
 * other than it logs — so it is only cross-checked against the measurement.
 */
export function isTimed(g: GapJudgement): g is GapJudgement & { measuredMs: number } {
  return g.measuredMs !== undefined;
}

/**
 * One gap as a verdict's `observed` entry: the attempt (1-based in its run), where it went
 * and where the model expected it, the expected window, the delay measured by the harness
 * and the one the device logged, and what was wrong with it (none: on time). The report
 * turns these entries into its per-attempt table.
 */
export interface GapSummary {
  attempt: number;
  server: string;
  expectedServer: string;
  nominalMs: number | null;
  windowMs: [number, number] | null;
  measuredMs?: number;
  loggedMs?: number;
  problems: string[];
}

export function summarizeGap(g: GapJudgement): GapSummary {
  const s: GapSummary = { attempt: g.index + 1, server: g.attempt.server, expectedServer: g.expected.server, nominalMs: g.expected.nominalMs, windowMs: g.expected.windowMs, problems: g.problems };
  if (g.measuredMs !== undefined) s.measuredMs = Math.round(g.measuredMs);
  if (g.attempt.loggedDelay) s.loggedMs = g.attempt.loggedDelay.ms;
  return s;
}

/** The attempt the model expected but that never came, as an `observed` entry like a gap's. */
export function summarizeMissing(run: RunJudgement): GapSummary | undefined {
  const m = run.missing;
  if (!m) return undefined;
  return { attempt: run.run.attempts.length + 1, server: 'none', expectedServer: m.expected.server, nominalMs: m.expected.nominalMs, windowMs: m.expected.windowMs, problems: [m.problem] };
}
