/**
 * A mutant's fate from its board's qualification: killed when a check fails (or cannot
 * judge) or a scenario breaks, timeout when scenarios ran out of time and nothing else
 * caught it (counted as killed, reported apart), survived when every check passes.
 */
import type { CheckId } from '../checks/input.ts';
import type { BoardRow } from '../power/kill-matrix.ts';
import { type Analysis, analyses, analysisKey } from './analyses.ts';
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

/** `narrowed`: the run was limited to some scenarios, so a check without a verdict is the filter, not a kill. */
export function classify(row: BoardRow, narrowed = false): { status: MutantStatus; killedBy: CheckId[] } {
  const killedBy = (Object.entries(row.cells) as [CheckId, string][]).filter(([, cell]) => cell === 'fail' || cell === 'skip').map(([id]) => id);
  if (row.interrupted || row.broken.includes(NOT_STARTED)) return { status: 'error', killedBy };
  if (killedBy.length > 0) return { status: 'killed', killedBy };
  const untimely = row.broken.filter((title) => !row.timedOut.includes(title));
  if (untimely.length > 0) return { status: 'killed', killedBy };
  if (row.timedOut.length > 0) return { status: 'timeout', killedBy };
  return { status: Object.values(row.cells).every((c) => c === 'pass' || (narrowed && c === 'missing')) ? 'survived' : 'killed', killedBy };
}

/**
 * What is known of a surviving mutant: a person's analysis (analyses.ts), else what its
 * place tells without one.
 */
export function preAnalysis(m: MutantInfo, written: Record<string, Analysis> = analyses): Analysis {
  const known = written[analysisKey(m)];
  if (known) return known;
  const file = m.file.split('/').pop();
  if (file === 'warm-up.ts') {
    return { analysis: "equivalent as far as the checks can see: the codec warm-up before power-on only shortens the first packet's encode time", equivalent: true };
  }
  if (file === 'log-lines.ts' && m.mutator === 'StringLiteral') {
    return { analysis: 'log text only: equivalent as far as the checks can see (no check reads this line)', equivalent: true };
  }
  return { analysis: '', equivalent: false };
}
