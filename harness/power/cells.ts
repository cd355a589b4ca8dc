/** One qualification run reduced to a verdict per check id: the worst across its scenarios. */
import { type CheckId, checkIds } from '../checks/input.ts';
import { brokenReason, type RunResults } from '../report/results.ts';

export type Cell = 'pass' | 'fail' | 'skip' | 'missing';

const rank: Record<Cell, number> = { pass: 0, missing: 1, skip: 2, fail: 3 };

export function cellsOf(results: RunResults | undefined): Record<CheckId, Cell> {
  const cells = Object.fromEntries(checkIds.map((id) => [id, 'missing'])) as Record<CheckId, Cell>;
  for (const v of results?.verdicts ?? []) {
    const current = cells[v.id];
    const next: Cell = current === 'missing' ? v.verdict : rank[v.verdict] > rank[current] ? v.verdict : current;
    cells[v.id] = next;
  }
  return cells;
}

/**
 * Scenarios that broke without a verdict to show for it (a harness or scenario problem).
 * A scenario whose checks failed or could not judge is explained by its cells.
 */
export function brokenScenarios(results: RunResults | undefined): string[] {
  if (!results) return ['(no results: the run did not start)'];
  return results.scenarios.filter((s) => brokenReason(s, results.verdicts) !== undefined).map((s) => s.title);
}
