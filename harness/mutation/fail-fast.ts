/**
 * A mutant is killed by its first scenario that fails for a reason of the board's: the
 * rest of its scenarios could only confirm it, and a mutant that breaks the board makes
 * every later scenario wait to its deadline (one took 361 s for 18 scenarios, where the
 * faithful board takes 25). So once a scenario of a mutant board has failed, its later
 * scenarios are skipped. A failure whose only non-passes are "not judged: host
 * overloaded" is the host's, not the mutant's: the board goes on.
 *
 * Playwright starts a new worker process after a failure, so the mark is a file in the
 * run's private folder (removed with it), named by the run and the board.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isOverloadedSkip } from '../checks/host-load.ts';
import type { Verdict } from '../checks/input.ts';

/** The mark of a killed mutant board of the run in `runDir`. */
export function killMark(tmpDir: string, runDir: string, board: string): string {
  return path.join(tmpDir, `mutant-killed-${path.basename(runDir)}-${board}`);
}

/** The scenario that killed the board's mutant, if one has. */
export function killedBy(mark: string): string | undefined {
  try {
    return fs.readFileSync(mark, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Whether a scenario that ended `status` with `verdicts` (undefined: it attached none)
 * kills the mutant: it did not pass, and not only because the host was overloaded.
 */
export function killsMutant(status: string | undefined, verdicts: readonly Pick<Verdict, 'verdict' | 'reason'>[] | undefined): boolean {
  if (status === 'passed' || status === 'skipped') return false;
  const notPassing = (verdicts ?? []).filter((v) => v.verdict !== 'pass');
  return !(notPassing.length > 0 && notPassing.every(isOverloadedSkip));
}

export function markKilled(mark: string, scenario: string): void {
  fs.writeFileSync(mark, scenario);
}
