/**
 * A mutant's fate from its board's qualification: killed when a check fails (or cannot
 * judge) or a scenario breaks, timeout when scenarios ran out of time and nothing else
 * caught it (counted as killed, reported apart), survived when every check passes.
 */
import type { CheckId } from '../checks/input.ts';
import type { BoardRow } from '../power/kill-matrix.ts';
import { type Analysis, analyses, writtenAnalysis } from './analyses.ts';
import type { MutantInfo } from './instrument.ts';

export type MutantStatus = 'killed' | 'timeout' | 'survived' | 'error';

export interface MutantResult extends MutantInfo {
  status: MutantStatus;
  /** The checks that did not pass. */
  killedBy: CheckId[];
  broken: string[];
  wallMs: number;
  runDir?: string;
  /** Why it survives, or why it is equivalent (pre-filled where the reason is mechanical). */
  analysis: string;
  /** Judged equivalent (no behaviour the checks can see changes): left out of the score. */
  equivalent: boolean;
}

/** A board whose lab never started (or was stopped) says nothing about the mutant: an error, not a kill. */
export const NOT_STARTED = '(no results: the run did not start)';

/**
 * What a run narrowed by --grep leaves unjudged even without a mutant: the checks its
 * baseline did not pass (no verdict, or `skip` for too little evidence, e.g. a run-level
 * check over a few scenarios) and the scenarios that broke with them. A full run has none:
 * its baseline must pass everything.
 */
export interface Excused {
  checks: ReadonlySet<CheckId>;
  scenarios: ReadonlySet<string>;
}

export const NOTHING_EXCUSED: Excused = { checks: new Set(), scenarios: new Set() };

export function excusedBy(baseline: BoardRow): Excused {
  return {
    checks: new Set((Object.entries(baseline.cells) as [CheckId, string][]).filter(([, cell]) => cell !== 'pass').map(([id]) => id)),
    scenarios: new Set(baseline.broken),
  };
}

/**
 * Checks judged over every scenario of the run (harness/power/confine.ts): a board stopped
 * at its first kill or break (fail-fast.ts) leaves them too few samples, so their skip
 * there says nothing of its own; it is named only when nothing else caught the mutant.
 */
const RUN_LEVEL: ReadonlySet<CheckId> = new Set<CheckId>(['backoff.jitter-distribution']);

/** `narrowed` without a baseline (`--mutant` with `--grep`): a check without a verdict is the filter, not a kill. */
export function classify(row: BoardRow, excused: Excused = NOTHING_EXCUSED, narrowed = false): { status: MutantStatus; killedBy: CheckId[] } {
  // A check the host kept from judging ("not judged: host overloaded") neither kills nor clears a mutant.
  const overloaded = new Set(row.overloaded ?? []);
  // Narrowed, a run-level check's skip is the filter's doing (too few scenarios for its samples), as a missing verdict is.
  const filtered = ([id, cell]: [CheckId, string]) => narrowed && cell === 'skip' && RUN_LEVEL.has(id);
  const judged = (Object.entries(row.cells) as [CheckId, string][]).filter((e) => !excused.checks.has(e[0]) && !overloaded.has(e[0]) && !filtered(e));
  const broken = row.broken.filter((title) => !excused.scenarios.has(title));
  const notPassed = judged.filter(([, cell]) => cell === 'fail' || cell === 'skip');
  const onItsOwn = notPassed.filter(([id, cell]) => !(cell === 'skip' && RUN_LEVEL.has(id)));
  const killedBy = (onItsOwn.length > 0 || broken.length > 0 ? onItsOwn : notPassed).map(([id]) => id);
  if (row.interrupted || row.broken.includes(NOT_STARTED)) return { status: 'error', killedBy };
  if (killedBy.length > 0) return { status: 'killed', killedBy };
  const untimely = broken.filter((title) => !row.timedOut.includes(title));
  if (untimely.length > 0) return { status: 'killed', killedBy };
  if (broken.length > 0) return { status: 'timeout', killedBy };
  if (!judged.every(([, c]) => c === 'pass' || (narrowed && c === 'missing'))) return { status: 'killed', killedBy };
  return { status: overloaded.size > 0 ? 'error' : 'survived', killedBy };
}

/**
 * What is known of a surviving mutant: a person's analysis (analyses.ts), else what its
 * place tells without one.
 */
export function preAnalysis(m: MutantInfo, written: typeof analyses = analyses): Pick<Analysis, 'analysis' | 'equivalent'> {
  const known = writtenAnalysis(m, written);
  if (known) return { analysis: known.analysis, equivalent: known.equivalent };
  const file = m.file.split('/').pop();
  if (file === 'warm-up.ts') {
    return { analysis: "equivalent as far as the checks can see: the codec warm-up before power-on only shortens the first packet's encode time", equivalent: true };
  }
  if (file === 'log-lines.ts' && m.mutator === 'StringLiteral') {
    return { analysis: 'log text only: equivalent as far as the checks can see (no check reads this line)', equivalent: true };
  }
  return { analysis: '', equivalent: false };
}
