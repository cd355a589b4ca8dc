/**
 * Documentation vs behaviour: for each place where the library's doc and its
 * implementation disagree (`differences` in harness/model/sources.ts), what each board's
 * verdicts show. Factual only: a board is said to follow one side when a passing verdict
 * of a check named by the difference shows it, and a failing one is reported as such,
 * without guessing which side the board took instead.
 */
import { type Difference, differences } from '../model/sources.ts';
import type { VerdictRecord } from './results.ts';

export type FindingStatus =
  /** A passing verdict shows the board doing what the implementation does (the doc says otherwise). */
  | 'follows-impl'
  /** A passing verdict shows the board doing what the doc says (the implementation does otherwise). */
  | 'follows-doc'
  /** A check named by the difference failed: the board did not do what the model expects. */
  | 'deviates'
  /** No verdict of the named checks for this board. */
  | 'not-exercised';

export interface FindingVerdict {
  anchor: string;
  check: string;
  scenario: string;
  verdict: VerdictRecord['verdict'];
}

export interface Finding {
  board: string;
  status: FindingStatus;
  /** One sentence for the reader. */
  text: string;
  verdicts: FindingVerdict[];
}

export interface DifferenceView extends Difference {
  findings: Finding[];
}

function sentence(d: Difference, status: FindingStatus): string {
  switch (status) {
    case 'follows-impl':
      return `Follows the implementation, not the doc: ${d.impl} (the doc: ${d.doc})`;
    case 'follows-doc':
      return d.modelFollows === 'doc'
        ? `Follows the doc, not the implementation's defect: the implementation would have ${lowerFirst(d.impl)}`
        : `Follows the doc: ${d.doc}`;
    case 'deviates':
      return d.modelFollows === 'impl'
        ? `A check failed: the board does not do what the implementation does (${d.impl})`
        : `A check failed: the board does not do what the doc says (${d.doc}); the implementation's known defect: ${d.impl}`;
    default:
      return 'Not exercised by this run.';
  }
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}

export function docVsBehaviour(verdicts: readonly VerdictRecord[], boards: readonly string[], anchorOf: (v: VerdictRecord) => string, list: readonly Difference[] = differences): DifferenceView[] {
  return list.map((d) => ({
    ...d,
    checks: [...d.checks],
    findings: boards.map((board) => {
      const mine = verdicts.filter((v) => v.board === board && d.checks.includes(v.id) && v.verdict !== 'skip');
      const passed = mine.filter((v) => v.verdict === 'pass');
      const failed = mine.filter((v) => v.verdict === 'fail');
      const status: FindingStatus =
        mine.length === 0 ? 'not-exercised' : failed.length > 0 && passed.length === 0 ? 'deviates' : d.modelFollows === 'impl' ? 'follows-impl' : 'follows-doc';
      // A mixed picture (some pass, some fail) is shown with every verdict so the reader sees both.
      const shown = status === 'deviates' ? failed : [...passed, ...failed];
      return {
        board,
        status,
        text: sentence(d, status) + (status !== 'deviates' && failed.length > 0 ? ` — but ${failed.length} verdict(s) of these checks failed` : ''),
        verdicts: shown.map((v) => ({ anchor: anchorOf(v), check: v.id, scenario: v.scenario, verdict: v.verdict })),
      };
    }),
  }));
}
