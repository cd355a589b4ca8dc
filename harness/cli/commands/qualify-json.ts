/** `hil qualify --json`: the run's summary as one JSON object on stdout, for scripts and CI steps. */
import { brokenReason } from '../../report/results.ts';
import type { QualifyOutcome } from '../../runner/qualify.ts';

export interface QualifySummaryJson {
  exitCode: number;
  runId?: string;
  runDir: string;
  status?: string;
  scenarios: number;
  verdicts: { pass: number; fail: number; skip: number };
  failed: { board: string; check: string; scenario: string; reason: string }[];
  broken: { board: string; scenario: string; reason: string }[];
  filter?: unknown;
  report?: { html?: string; pdf?: string };
}

export function jsonSummary(outcome: QualifyOutcome): QualifySummaryJson {
  const r = outcome.results;
  const count = (v: string) => r?.verdicts.filter((x) => x.verdict === v).length ?? 0;
  return {
    exitCode: outcome.exitCode,
    ...(r ? { runId: r.runId, status: r.status } : {}),
    runDir: outcome.runDir,
    scenarios: r?.scenarios.length ?? 0,
    verdicts: { pass: count('pass'), fail: count('fail'), skip: count('skip') },
    failed: (r?.verdicts ?? []).filter((v) => v.verdict === 'fail').map((v) => ({ board: v.board, check: v.id, scenario: v.scenario, reason: v.reason })),
    broken: (r?.scenarios ?? []).flatMap((s) => {
      const reason = brokenReason(s, r!.verdicts);
      return reason === undefined ? [] : [{ board: s.board, scenario: s.title, reason }];
    }),
    ...(r?.filter ? { filter: r.filter } : {}),
    ...(outcome.report ? { report: { html: outcome.report.html, ...(outcome.report.pdf ? { pdf: outcome.report.pdf } : {}) } } : {}),
  };
}
