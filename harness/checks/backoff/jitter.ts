/**
 * backoff.jitter — the delays are fuzzed: each within ±10 % of its nominal, and spread
 * (not all identical, not all exactly nominal). Range and spread only, per scenario: the
 * distribution of the fuzz is judged over the whole run by backoff.jitter-distribution.
 * The device's `connecting after` number stands for a gap only where the measured gap
 * confirms it (within ε): a board that logs fuzzed delays but waits others is judged by
 * what it waited.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { isTimed } from '../observe/runs.ts';
import { judgeCounted, nothingToJudge } from '../verdict.ts';

const id = 'backoff.jitter';
const source = cite('impl.backoff.fuzz', 'doc.backoff.example');
export const MIN_SAMPLES = 5;
/**
 * The spread (max − min of delay ÷ nominal) below which the delays are "not jittered". For
 * n uniform draws over a 20 % wide range, P(spread < s) = n·q^(n−1) − (n−1)·q^n with
 * q = s ÷ 0.2: at s = 2 % and n = 5 that is 4.6 × 10⁻⁴ a verdict, and a 20-run stressed
 * soak (2026-12-04) duly failed a faithful board whose five draws spread over 0.88 %
 * (P ≈ 1.9 × 10⁻⁵, one of ~1 300 verdicts that day). At 0.5 % it is 1.95 × 10⁻⁶ for five
 * draws (less for more), `JITTER_ALPHA`; a board with no fuzz, or a fuzz of a few tenths of
 * a percent, still fails.
 */
export const MIN_SPREAD = 0.005;

/** P(spread < s) for n uniform draws over a range of width w: the false-alarm probability of the spread test. */
export function spreadAlpha(n: number, s: number, w = 0.2): number {
  const q = Math.min(1, s / w);
  return n * q ** (n - 1) - (n - 1) * q ** n;
}

/** The false-alarm probability of one verdict at the fewest samples it judges. */
export const JITTER_ALPHA = spreadAlpha(MIN_SAMPLES, MIN_SPREAD);

interface Sample {
  nominal: number;
  ms: number;
  from: 'logged' | 'measured';
  t: number;
}

export function run(obs: Observation): Verdict {
  const eps = obs.board.epsilonMs;
  const all = obs.judgedRuns
    .flatMap((r) => r.gaps)
    .filter((g) => g.attempt.server === 'unknown' || g.attempt.server === g.expected.server)
    .filter(isTimed)
    .map((g): Sample => {
      const nominal = g.expected.nominalMs!;
      const logged = g.attempt.loggedDelay;
      if (logged && Math.abs(logged.ms - g.measuredMs) <= eps) return { nominal, ms: logged.ms, from: 'logged', t: logged.t };
      return { nominal, ms: g.measuredMs, from: 'measured', t: g.attempt.start };
    });
  // The device's own numbers are exact: when there are enough of them (each confirmed by
  // its measured gap), measured gaps (which carry ε of noise) would only blur the spread.
  const logged = all.filter((s) => s.from === 'logged');
  const samples = logged.length >= MIN_SAMPLES ? logged : all;
  const evidence = samples.map((s) => ({ t: s.t, what: `${s.from} delay ${Math.round(s.ms)} ms for nominal ${s.nominal} ms (×${(s.ms / s.nominal).toFixed(3)})` }));
  if (samples.length < MIN_SAMPLES) {
    return nothingToJudge(id, `only ${samples.length} delay sample(s) between attempts; ${MIN_SAMPLES} are needed to judge the spread`, { source, evidence });
  }
  const measuredOnly = samples.some((s) => s.from === 'measured');
  const minNominal = Math.min(...samples.map((s) => s.nominal));
  const noise = measuredOnly ? (2 * eps) / minNominal : 0;
  const minSpread = MIN_SPREAD + noise;
  if (minSpread >= 0.1) {
    return nothingToJudge(id, `fewer than ${MIN_SAMPLES} "connecting after" lines, and ε ${eps} ms is too large next to a ${minNominal} ms delay to tell jitter from measurement noise in the measured gaps`, { source, evidence });
  }
  const ratios = samples.map((s) => s.ms / s.nominal);
  const problems: string[] = [];
  samples.forEach((s, i) => {
    const slack = s.from === 'measured' ? eps / s.nominal : 1 / s.nominal;
    const r = ratios[i]!;
    if (r < 0.9 - slack || r > 1.1 + slack) problems.push(`delay ${Math.round(s.ms)} ms is ×${r.toFixed(3)} its nominal ${s.nominal} ms, outside ±10 %`);
  });
  const spread = Math.max(...ratios) - Math.min(...ratios);
  if (spread < minSpread) {
    const allNominal = samples.every((s) => Math.abs(s.ms - s.nominal) <= (s.from === 'measured' ? eps : 1));
    problems.push(`no jitter: ${samples.length} delays spread over only ${(spread * 100).toFixed(2)} % of nominal${allNominal ? ' (all exactly nominal)' : ''}; expected a uniform spread over ±10 %`);
  }
  return judgeCounted(id, samples.length, problems, {
    pass: (n) => `${n} delays (${logged.length >= MIN_SAMPLES ? 'logged' : 'measured'}) spread over ${(spread * 100).toFixed(1)} % of nominal, all within ±10 %`,
    nothing: 'no delay sample',
  }, {
    expected: { range: [0.9, 1.1], minSpread },
    observed: { ratios: ratios.map((r) => Number(r.toFixed(4))), spread: Number(spread.toFixed(4)) },
    evidence,
    source,
  });
}

export const backoffJitter: CheckDefinition = {
  id,
  needs:
    '≥ 5 measured gaps with a known nominal (a failing run as for backoff.schedule). The device\'s ' +
    '`connecting after N ms` lines are preferred (exact) where the measured gap confirms them within ε; ' +
    'measured gaps are used otherwise, and then ε must be small next to the delays to tell jitter from noise.',
  run,
};
