/** Building verdicts: a check collects problems; none means pass, and a lack of evidence is a skip, never a pass. */
import type { SourceRef } from '../model/sources.ts';
import { dedupe } from '../model/schedule.ts';
import type { CheckId, Evidence, Verdict } from './input.ts';

export interface Findings {
  expected: unknown;
  observed: unknown;
  evidence: Evidence[];
  source: SourceRef[];
}

/** pass when `problems` is empty, else fail with the first problem as the reason. */
export function judge(id: CheckId, problems: string[], passReason: string, f: Findings): Verdict {
  const base = { id, expected: f.expected, observed: f.observed, evidence: sortEvidence(f.evidence), source: dedupe(f.source) };
  if (problems.length === 0) return { ...base, verdict: 'pass', reason: passReason };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1, 4).join('; ')}${problems.length > 4 ? '; …' : ''})` : '';
  return { ...base, verdict: 'fail', reason: problems[0]! + more };
}

/**
 * `judge` for a check that counts what it judged (gaps timed, publishes seen on the wire,
 * sessions, CONNECT packets …). A problem fails, whatever the count: a failure is never
 * softened. With no problem and nothing judged the verdict is a skip, since a pass must
 * rest on evidence; otherwise a pass whose reason names the count (`pass(judged)`).
 */
export function judgeCounted(
  id: CheckId,
  judged: number,
  problems: string[],
  reasons: { pass: (judged: number) => string; nothing: string },
  f: Findings,
): Verdict {
  if (problems.length === 0 && !(judged > 0)) return nothingToJudge(id, reasons.nothing, f);
  return judge(id, problems, reasons.pass(judged), f);
}

/** A skip for lack of evidence; `missing` says what the scenario did not provide. */
export function nothingToJudge(id: CheckId, missing: string, f: Partial<Findings> & { source: SourceRef[] }): Verdict {
  return skip(id, `${NOTHING_TO_JUDGE}${missing}`, f);
}

export const NOTHING_TO_JUDGE = 'nothing to judge: ';

export function skip(id: CheckId, reason: string, f: Partial<Findings> & { source: SourceRef[] }): Verdict {
  return {
    id,
    verdict: 'skip',
    expected: f.expected ?? null,
    observed: f.observed ?? null,
    evidence: sortEvidence(f.evidence ?? []),
    source: dedupe(f.source),
    reason,
  };
}

function sortEvidence(e: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return e
    .filter((x) => {
      const k = `${x.t}|${x.what}`;
      return !seen.has(k) && seen.add(k);
    })
    .sort((a, b) => (a.t ?? Number.POSITIVE_INFINITY) - (b.t ?? Number.POSITIVE_INFINITY));
}
