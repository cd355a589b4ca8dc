/** The report's coverage table: every documented row, this run's verdicts per check, the reason where none judges. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiCoverage } from '../../harness/model/api-coverage.ts';
import { renderHtml } from '../../harness/report/html.ts';
import { buildReportModel } from '../../harness/report/model.ts';
import type { RunResults } from '../../harness/report/results.ts';

const base: RunResults = { schema: 'mgos-hil/results@1', runId: 'r1', harnessVersion: '0.0.0', startedAt: '2026-12-01T10:00:00.000Z', status: 'passed', finishedAt: 'x', lab: {}, boards: {}, scenarios: [], verdicts: [] };
const scenario = { board: 'virtual', title: 'js', file: 'js-api.spec.ts', status: 'passed' as const, durationMs: 10 };
const verdict = (id: string, v: 'pass' | 'fail') =>
  ({ id, verdict: v, reason: 'r', board: 'virtual', scenario: 'js', file: 'js-api.spec.ts', expected: 1, observed: 1, evidence: [], source: [] }) as unknown as RunResults['verdicts'][number];

test("the doc-vs-behaviour section lists every coverage row with this run's verdicts, and the reason for each uncovered one", () => {
  const html = renderHtml(buildReportModel('/nonexistent-run', { ...base, scenarios: [scenario], verdicts: [verdict('api.js-pub-return', 'pass'), verdict('api.js-is-connected', 'fail')] }, { pdf: false, now: new Date(0) }));
  const section = html.slice(html.indexOf('id="doc-vs-behaviour"'));
  assert.equal((section.match(/<tr class="coverage-/g) ?? []).length, apiCoverage.length);
  assert.match(section, /<code>api\.js-pub-return<\/code> <span class="small muted">\(1 pass\)/);
  assert.match(section, /<code>api\.js-is-connected<\/code> <span class="small muted">\(1 fail\)/);
  assert.match(section, /<code>api\.js-sub-delivery<\/code> <span class="small muted">\(not run\)/);
  const uncovered = apiCoverage.filter((r) => r.checks.length === 0);
  assert.equal((section.match(/class="uncovered">not covered</g) ?? []).length, uncovered.length);
  assert.ok(section.includes('transport.websocket'), 'the websocket row says why it is not covered');
});
