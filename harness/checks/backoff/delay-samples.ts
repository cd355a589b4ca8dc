/**
 * Every reconnect delay of a scenario as a fuzz fraction, for the run-level judgement of
 * the fuzz (backoff.jitter-distribution): the library waits
 * `(int) (0.9·rt + U·0.2·rt)` ms with U uniform on [0, 1] (mgos_rand_range over
 * rand()/RAND_MAX, truncated to an int; mqtt-client-behaviour.md, reconnect rule 4), so
 * U = (delay − 0.9·rt) / (0.2·rt) recovers the draw, to within what the delay is known to.
 *
 * - A logged delay (`connecting after N ms`, the board's own number) knows U to ±0.5 ms
 *   of the 0.2·rt range (the truncation: U·0.2·rt lies in [N − 0.9·rt, N − 0.9·rt + 1)).
 * - A measured gap (gate close or refusal → next attempt, in device ms) only to ±ε.
 * - A logged delay stands only where the measured gap confirms it within ε: a board can
 *   log one delay and wait another, and what it waited is what is judged; a gap known
 *   only from its line is no sample.
 *
 * Only delays the schedule accepted are kept (the logged delay, else the measured gap,
 * within the nominal ±10 %, to the expected server): a delay outside is backoff.schedule's
 * failure, and its fraction would say nothing about the fuzz.
 */
import type { Observation } from '../observe/observation.ts';
import type { GapJudgement } from '../observe/runs.ts';

export interface DelaySample {
  /** Harness ms of the line or the attempt. */
  t: number;
  from: 'logged' | 'measured';
  nominalMs: number;
  delayMs: number;
  /** The recovered draw U (clamped to [0, 1]). */
  fraction: number;
  /** Half-width of what `fraction` is known to. */
  error: number;
  /** Which restart of the schedule (boot, breaker or good session) within the scenario; numbered from 0. */
  restart: number;
  /** 1 for the first delay after the restart. */
  position: number;
}

export function fuzzFraction(delayMs: number, nominalMs: number): number {
  return Math.min(1, Math.max(0, (delayMs - 0.9 * nominalMs) / (0.2 * nominalMs)));
}

export function delaySamples(obs: Observation): DelaySample[] {
  const eps = obs.board.epsilonMs;
  const out: DelaySample[] = [];
  let restart = -1;
  for (const run of obs.judgedRuns) {
    let position = 0;
    restart++;
    for (const g of run.gaps) {
      if (g.prev.outcome === 'session') {
        restart++;
        position = 0;
      }
      position++;
      const s = sampleOf(g, eps);
      if (s) out.push({ ...s, restart, position });
    }
  }
  return out;
}

function sampleOf(g: GapJudgement, eps: number): Omit<DelaySample, 'restart' | 'position'> | undefined {
  const nominal = g.expected.nominalMs;
  if (!nominal || !g.expected.windowMs) return undefined;
  if (g.attempt.server !== 'unknown' && g.attempt.server !== g.expected.server) return undefined;
  const range = 0.2 * nominal;
  if (g.measuredMs === undefined) return undefined;
  const logged = g.attempt.loggedDelay;
  if (logged && Math.abs(logged.ms - g.measuredMs) <= eps) {
    if (Math.abs(logged.ms - nominal) > 0.1 * nominal + 1) return undefined;
    return { t: logged.t, from: 'logged', nominalMs: nominal, delayMs: logged.ms, fraction: fuzzFraction(logged.ms + 0.5, nominal), error: 0.5 / range };
  }
  const [lo, hi] = g.expected.windowMs;
  if (g.measuredMs < lo || g.measuredMs > hi) return undefined;
  return { t: g.attempt.start, from: 'measured', nominalMs: nominal, delayMs: g.measuredMs, fraction: fuzzFraction(g.measuredMs, nominal), error: eps / range };
}
