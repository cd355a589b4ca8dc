/**
 * The verdicts judged over a whole run rather than one scenario: a board's reconnect
 * delays, pooled from every scenario it ran, judged as a distribution
 * (backoff.jitter-distribution). The results reporter adds them when the run ends.
 */
import { judgeJitterDistribution, type PooledDelay } from '../checks/backoff/jitter-distribution.ts';
import { type ScenarioDelays, type VerdictRecord, WHOLE_RUN } from './results.ts';

export interface BoardDelays extends ScenarioDelays {
  scenario: string;
  /** Distinguishes retries and scenarios of the same title in different files. */
  key: string;
}

export function runLevelVerdicts(byBoard: ReadonlyMap<string, readonly BoardDelays[]>): VerdictRecord[] {
  return [...byBoard].map(([board, scenarios]) => {
    const epsilon = new Map<PooledDelay, number>();
    const pooled = scenarios.flatMap((sc) =>
      sc.samples.map((s) => {
        const p: PooledDelay = { ...s, scenario: sc.scenario, restartKey: `${sc.key}#${s.restart}` };
        epsilon.set(p, sc.epsilonMs);
        return p;
      }),
    );
    const v = judgeJitterDistribution(pooled, (p) => epsilon.get(p)!);
    return { ...v, board, scenario: WHOLE_RUN, file: '' };
  });
}
