/**
 * backoff.jitter-distribution — the reconnect fuzz, pooled over every delay of a board's
 * run, is what the library draws: uniform over the nominal ±10 % (Kolmogorov–Smirnov),
 * as often below the nominal as above (exact binomial), and fresh at every restart of the
 * schedule (no cluster of nearly equal draws at one position across boots and good
 * sessions). A run-level check: one scenario has too few delays, so the results reporter
 * pools them (harness/report/results-reporter.ts) and judges once per board per run.
 *
 * Each test's false-alarm probability α is computed from its threshold and sample size and
 * stated in the verdict; the check's family-wise α is at most their sum.
 *
 * Needs: see `needs` at the end of this file.
 */
import { cite } from '../../model/sources.ts';
import type { CheckDefinition, CheckId, Evidence, Verdict } from '../input.ts';
import type { Observation } from '../observe/observation.ts';
import { balanceCritical } from '../stats/binomial.ts';
import { ksCritical, ksPValue, ksStatistic } from '../stats/ks.ts';
import { clusterTest, type ClusterTest } from '../stats/repetition.ts';
import { judge, nothingToJudge } from '../verdict.ts';
import type { DelaySample } from './delay-samples.ts';

const id: CheckId = 'backoff.jitter-distribution';
const source = cite('impl.backoff.fuzz');

/** Target false-alarm probability of each of the three tests (the computed α is at most this). */
export const ALPHA_PER_TEST = 0.0001;
/** A measured gap joins the goodness-of-fit test only when ε is at most this fraction of the fuzz range. */
export const MAX_MEASURED_ERROR = 0.02;
/** "Nearly identical" draws: within this fraction of the fuzz range, beyond what each is known to. */
export const REPEAT_TOLERANCE = 0.002;
/** Positions after a restart compared across restarts (the first, second, third delay). */
export const REPEAT_POSITIONS = 3;

/** A delay of one scenario of the run; `restart` names its schedule restart uniquely in the run. */
export interface PooledDelay extends DelaySample {
  scenario: string;
  restartKey: string;
}

interface Part {
  name: string;
  judged: boolean;
  failed: boolean;
  alpha?: number;
  text: string;
}

const f4 = (x: number): string => x.toPrecision(3);

function goodnessOfFit(samples: readonly PooledDelay[]): Part & { d?: number } {
  const used = samples.filter((s) => s.from === 'logged' || s.error <= MAX_MEASURED_ERROR);
  const name = 'uniform fit (Kolmogorov–Smirnov)';
  if (used.length === 0) return { name, judged: false, failed: false, text: `${name}: no delay known to ±${MAX_MEASURED_ERROR * 100} % of the fuzz range` };
  const error = Math.max(...used.map((s) => s.error));
  const d = ksStatistic(used.map((s) => s.fraction));
  const crit = ksCritical(used.length, ALPHA_PER_TEST);
  // Each fraction is off its true draw by at most `error`, which moves D by at most as much:
  // failing only when D − error reaches the threshold keeps the false-alarm rate at α.
  if (crit.threshold + error >= 0.5) {
    return { name, judged: false, failed: false, d, text: `${name}: ${used.length} delays are too few: at α ${f4(crit.alpha)} D must reach ${f4(crit.threshold + error)}, more than a fuzz on one side only gives (0.5)` };
  }
  const failed = d - error >= crit.threshold;
  const p = ksPValue(used.length, Math.max(0, d - error));
  return {
    name, judged: true, failed, alpha: crit.alpha, d,
    text: `${name}: D = ${f4(d)} over ${used.length} delays (${used.length - used.filter((s) => s.from === 'measured').length} logged), fails at D − ${f4(error)} ≥ ${f4(crit.threshold)}, p = ${f4(p)}, α = ${f4(crit.alpha)}`,
  };
}

function balance(samples: readonly PooledDelay[], epsilonOf: (s: PooledDelay) => number): Part {
  const name = 'balance below/above nominal (exact binomial)';
  // A measured gap is on a known side only when it is more than ε from the nominal; the
  // band left out is symmetric about the nominal, so the sides stay equally likely.
  const used = samples.filter((s) => s.from === 'logged' || Math.abs(s.delayMs - s.nominalMs) > epsilonOf(s));
  const below = used.filter((s) => s.delayMs < s.nominalMs).length;
  const above = used.length - below;
  const crit = balanceCritical(used.length, ALPHA_PER_TEST);
  if (!crit) return { name, judged: false, failed: false, text: `${name}: ${used.length} delays are too few to judge at α ${ALPHA_PER_TEST} (all on one side has probability ${f4(Math.min(1, 2 * 0.5 ** used.length))})` };
  const failed = Math.min(below, above) <= crit.maxMinority;
  return { name, judged: true, failed, alpha: crit.alpha, text: `${name}: ${below} below, ${above} at or above, fails when the smaller side has ≤ ${crit.maxMinority}, α = ${f4(crit.alpha)}` };
}

function freshness(samples: readonly PooledDelay[]): Part & { tests: (ClusterTest & { position: number })[] } {
  const name = 'fresh draws at each restart (cluster test)';
  const tests: (ClusterTest & { position: number })[] = [];
  for (let position = 1; position <= REPEAT_POSITIONS; position++) {
    const byRestart = new Map<string, PooledDelay>();
    for (const s of samples) if (s.from === 'logged' && s.position === position && !byRestart.has(s.restartKey)) byRestart.set(s.restartKey, s);
    const draws = [...byRestart.values()].map((s) => ({ value: s.fraction, error: s.error }));
    tests.push({ ...clusterTest(draws, REPEAT_TOLERANCE, ALPHA_PER_TEST / REPEAT_POSITIONS), position });
  }
  const judged = tests.filter((t) => t.threshold !== undefined);
  if (judged.length === 0) {
    return { name, judged: false, failed: false, tests, text: `${name}: too few restarts with a logged delay (${tests.map((t) => `${t.draws} at position ${t.position}`).join(', ')}) to judge at α ${ALPHA_PER_TEST}` };
  }
  const bad = judged.filter((t) => t.largestCluster >= t.threshold!);
  const alpha = judged.reduce((sum, t) => sum + t.alpha!, 0);
  const each = judged.map((t) => `delay ${t.position} after a restart: ${t.largestCluster} of ${t.draws} within ±${REPEAT_TOLERANCE} (fails at ${t.threshold})`).join('; ');
  return { name, judged: true, failed: bad.length > 0, alpha, tests, text: `${name}: ${each}; α = ${f4(alpha)}${bad.length > 0 ? ' — the same fuzz sequence again after a restart' : ''}` };
}

/** Judges a board's pooled delays. `epsilonMs` of each sample's scenario decides which measured gaps are on a known side. */
export function judgeJitterDistribution(samples: readonly PooledDelay[], epsilonOf: (s: PooledDelay) => number): Verdict {
  const evidence: Evidence[] = samples.map((s) => ({ t: s.t, what: `${s.scenario}: ${s.from} delay ${Math.round(s.delayMs)} ms for nominal ${s.nominalMs} ms (U ${s.fraction.toFixed(4)} ±${s.error.toFixed(4)}, delay ${s.position} after restart ${s.restartKey})` }));
  const parts = [goodnessOfFit(samples), balance(samples, epsilonOf), freshness(samples)];
  const familyAlpha = parts.reduce((sum, p) => sum + (p.alpha ?? 0), 0);
  const findings = {
    expected: { distribution: 'U uniform on [0, 1], delay = (int)(0.9·nominal + U·0.2·nominal)', alphaPerTest: ALPHA_PER_TEST, familyAlpha },
    observed: { delays: samples.length, parts: parts.map(({ name, judged, failed, alpha }) => ({ name, judged, failed, alpha })) },
    evidence,
    source,
  };
  const failed = parts.filter((p) => p.failed);
  if (failed.length > 0) {
    const problems = failed.map((p) => p.text);
    problems[0] = `${problems[0]} (family-wise α ≤ ${f4(familyAlpha)})`;
    return judge(id, problems, '', findings);
  }
  const unjudged = parts.filter((p) => !p.judged);
  if (unjudged.length > 0) return nothingToJudge(id, unjudged.map((p) => p.text).join('; '), findings);
  return judge(id, [], `${samples.length} delays of the run: ${parts.map((p) => p.text).join('; ')}; family-wise α ≤ ${f4(familyAlpha)}`, findings);
}

/** In one scenario the check has nothing to judge: it is judged once over the whole run. */
export function run(_obs: Observation): Verdict {
  return nothingToJudge(id, 'judged once per run, over the delays of every scenario (a run-level verdict in results.json)', { source });
}

export const backoffJitterDistribution: CheckDefinition = {
  id,
  needs:
    'a whole run: ≥ 15 reconnect delays the schedule accepts (logged `connecting after N ms` ' +
    'lines, or measured gaps with ε ≤ 2 % of the fuzz range) for the fit and the balance, and ' +
    'enough schedule restarts (boots, good sessions) with a logged first delay for the ' +
    'freshness test to reach α 0.0001.',
  run,
};
