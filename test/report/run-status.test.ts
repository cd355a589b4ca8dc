/** A run's status: interrupted, partial (a filter), never passed when either; and the badge says so. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderHtml } from '../../harness/report/html.ts';
import { buildReportModel } from '../../harness/report/model.ts';
import { describeFilter, finaliseInterrupted, finalStatus, isFiltered, type RunResults } from '../../harness/report/results.ts';
import { summarise } from '../../harness/runner/qualify.ts';

const base: RunResults = { schema: 'mgos-hil/results@1', runId: 'r1', harnessVersion: '0.0.0', startedAt: '2026-12-01T10:00:00.000Z', status: 'running', lab: {}, boards: {}, scenarios: [], verdicts: [] };
const passed = { board: 'virtual', title: 'connects', file: 'connect.spec.ts', status: 'passed' as const, durationMs: 10 };

test('a filter that leaves something out makes a clean run partial, never passed; a failed check still says failed', () => {
  const filter = { grep: 'backoff' };
  assert.equal(finalStatus({ ...base, scenarios: [passed], filter }, 'passed'), 'partial');
  assert.equal(finalStatus({ ...base, scenarios: [passed] }, 'passed'), 'passed');
  assert.equal(finalStatus({ ...base, scenarios: [passed], filter: { boards: { ran: ['a', 'b'], of: ['a', 'b'] } } }, 'passed'), 'passed', 'all boards is no filter');
  const fail = { id: 'x', verdict: 'fail', reason: 'r', board: 'virtual', scenario: 'connects', file: 'connect.spec.ts', expected: 1, observed: 2, evidence: [], source: [] } as unknown as RunResults['verdicts'][number];
  assert.equal(finalStatus({ ...base, scenarios: [passed], verdicts: [fail], filter }, 'passed'), 'failed');
  assert.equal(finalStatus({ ...base, scenarios: [passed], filter }, 'interrupted'), 'interrupted');
  assert.equal(describeFilter({ grep: 'a|b', boards: { ran: ['b1'], of: ['b1', 'b2', 'b3'] } }), 'only scenarios matching /a|b/; boards b2, b3 left out (ran b1 of b1, b2, b3)');
  assert.ok(!isFiltered({}));
});

test('a run stopped before its end is closed: interrupted, finishedAt, the scenario in flight recorded as interrupted', () => {
  const running: RunResults = { ...base, scenarios: [passed], inFlight: [{ board: 'virtual', title: 'will', file: 'will.spec.ts', startedAt: '2026-12-01T10:00:05.000Z' }] };
  const closed = finaliseInterrupted(running, new Date('2026-12-01T10:00:07.000Z'));
  assert.equal(closed.status, 'interrupted');
  assert.equal(closed.finishedAt, '2026-12-01T10:00:07.000Z');
  assert.deepEqual(closed.inFlight, []);
  assert.deepEqual(closed.scenarios.map((s) => [s.title, s.status, s.durationMs]), [['connects', 'passed', 10], ['will', 'interrupted', 2000]]);
  const finished = { ...base, status: 'passed' as const, finishedAt: 'x', inFlight: [] };
  assert.equal(finaliseInterrupted(finished), finished, 'a closed record is left as it is');
});

test('hil report of a run that did not finish exits non-zero; a partial one says PARTIAL', () => {
  assert.equal(summarise({ ...base, status: 'interrupted', scenarios: [passed] }).exitCode, 2);
  assert.equal(summarise({ ...base, status: 'running', scenarios: [passed] }).exitCode, 2);
  const partial = summarise({ ...base, status: 'partial', scenarios: [passed], filter: { grep: 'connects' } });
  assert.equal(partial.exitCode, 0);
  assert.match(partial.summary, /PARTIAL: not a qualification — only scenarios matching \/connects\//);
});

test('the badge: INTERRUPTED, PARTIAL with what was left out, never "passed" for either', () => {
  const html = (r: RunResults) => renderHtml(buildReportModel('/nonexistent-run', r, { pdf: false, now: new Date(0) }));
  const partial = html({ ...base, status: 'partial', finishedAt: 'x', scenarios: [passed], filter: { grep: 'connects' } });
  assert.match(partial, /id="run-status">PARTIAL</);
  assert.match(partial, /Partial run, not a qualification: only scenarios matching \/connects\//);
  assert.doesNotMatch(partial, /id="run-status">passed</);
  assert.match(html({ ...base, status: 'interrupted', finishedAt: 'x', scenarios: [passed] }), /id="run-status">INTERRUPTED</);
  assert.match(html({ ...base, status: 'passed', finishedAt: 'x', scenarios: [passed] }), /id="run-status">passed</);
});

test('a run whose scenarios failed only for a check not judged exits 2 and says NOT JUDGED, naming an overloaded host', () => {
  const scenario = { ...passed, status: 'failed' as const };
  const verdict = (v: 'skip' | 'pass' | 'fail', reason: string) =>
    ({ id: 'backoff.schedule', verdict: v, reason, board: 'virtual', scenario: 'connects', file: 'connect.spec.ts', expected: 1, observed: 1, evidence: [], source: [] }) as unknown as RunResults['verdicts'][number];
  // The reason as harness/checks/host-load.ts words it.
  const overloaded = verdict('skip', 'not judged: host overloaded (lag 304 ms, over 250 ms); the verdict would have been pass: 3 delays');
  const run = summarise({ ...base, status: 'error', scenarios: [scenario], verdicts: [overloaded] });
  assert.equal(run.exitCode, 2, 'a qualification none of whose checks failed, but which did not judge one, is no pass');
  assert.match(run.summary, /NOT JUDGED: 1 scenario\(s\) ended with a check they require not judged .*; 1 of them because the host was overloaded/);
  const other = summarise({ ...base, status: 'error', scenarios: [scenario], verdicts: [verdict('skip', 'nothing to judge: no delays')] });
  assert.equal(other.exitCode, 2);
  assert.doesNotMatch(other.summary, /overloaded/);
  assert.equal(summarise({ ...base, status: 'failed', scenarios: [scenario], verdicts: [overloaded, verdict('fail', 'late')] }).exitCode, 1, 'a failed check still says 1');
  const clean = summarise({ ...base, status: 'passed', scenarios: [passed], verdicts: [verdict('pass', 'on time')] });
  assert.equal(clean.exitCode, 0);
  assert.doesNotMatch(clean.summary, /NOT JUDGED/);
});
