/**
 * The verdicts judged over a whole run rather than one scenario: a board's reconnect
 * delays, pooled from every scenario it ran, judged as a distribution
 * (backoff.jitter-distribution). The results reporter adds them when the run ends, from
 * the delays each scenario record keeps; a merge of several run folders judges them again
 * over the merged scenarios (merge.ts).
 */
import { judgeJitterDistribution, type PooledDelay } from '../checks/backoff/jitter-distribution.ts';
import { type ScenarioDelays, type ScenarioRecord, type VerdictRecord, WHOLE_RUN } from './results.ts';

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

/** The delays of every scenario record that has them, by board (a record's index keeps retries and sources apart). */
export function delaysByBoard(scenarios: readonly ScenarioRecord[]): Map<string, BoardDelays[]> {
  const byBoard = new Map<string, BoardDelays[]>();
  scenarios.forEach((s, index) => {
    if (!s.delays) return;
    const list = byBoard.get(s.board) ?? [];
    list.push({ ...s.delays, scenario: s.title, key: `${index}:${s.file}:${s.title}` });
    byBoard.set(s.board, list);
  });
  return byBoard;
}
