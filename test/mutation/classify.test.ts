/** A mutant's fate from its board's qualification, and the score (harness/mutation/classify.ts, render.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CheckId, checkIds } from '../../harness/checks/input.ts';
import { analysisKey } from '../../harness/mutation/analyses.ts';
import { classify, excusedBy, NOT_STARTED, NOTHING_EXCUSED, preAnalysis } from '../../harness/mutation/classify.ts';
import type { MutantInfo } from '../../harness/mutation/instrument.ts';
import { renderMutation, scoreOf } from '../../harness/mutation/render.ts';
import { reproducingCommand, resultOf, type MutationReport, withTodaysAnalyses } from '../../harness/mutation/run.ts';
import type { Cell } from '../../harness/power/cells.ts';
import type { BoardRow } from '../../harness/power/kill-matrix.ts';

function row(cells: Partial<Record<CheckId, Cell>> = {}, extra: Partial<BoardRow> = {}): BoardRow {
  const all = { ...(Object.fromEntries(checkIds.map((id) => [id, 'pass'])) as Record<CheckId, Cell>), ...cells };
  return { board: 'mutant-1', cells: all, requiredCells: all, broken: [], timedOut: [], interrupted: false, exitCode: 0, wallMs: 1000, runDir: '/tmp/run', scenarioCount: 1, ...extra };
}

const mutant: MutantInfo = { id: '1', file: 'harness/virtual/mqtt/reconnect-schedule.ts', line: 3, column: 5, mutator: 'ArithmeticOperator', original: 'a * 2', replacement: 'a / 2' };

test('every check passing: the mutant survived', () => {
  assert.deepEqual(classify(row()), { status: 'survived', killedBy: [] });
});

test('a check failing or unable to judge kills the mutant, and names the checks', () => {
  assert.deepEqual(classify(row({ 'backoff.schedule': 'fail', 'failover.to-backup': 'skip' })), { status: 'killed', killedBy: ['backoff.schedule', 'failover.to-backup'] });
});

test('a whole-run check\'s skip on a board stopped early is not named beside what stopped it', () => {
  // Mutant 342 of the run at 36d4d8d: a scenario broke, and the stopped board left the pooled fuzz too few delays.
  assert.deepEqual(classify(row({ 'backoff.jitter-distribution': 'skip' }, { broken: ['a connect callback sends the CONNECT'], exitCode: 1 })), { status: 'killed', killedBy: [] });
  assert.deepEqual(classify(row({ 'backoff.jitter-distribution': 'skip', 'events.cloud': 'fail' })), { status: 'killed', killedBy: ['events.cloud'] });
  // Alone, it still kills: the mutant left the run too few delays to judge.
  assert.deepEqual(classify(row({ 'backoff.jitter-distribution': 'skip' })), { status: 'killed', killedBy: ['backoff.jitter-distribution'] });
});

test('a check only the host kept from judging (overloaded) neither kills nor clears a mutant: an error, not counted', () => {
  assert.deepEqual(classify(row({ 'failover.to-backup': 'skip' }, { overloaded: ['failover.to-backup'] })), { status: 'error', killedBy: [] });
  // A real failure beside it still kills.
  assert.deepEqual(classify(row({ 'failover.to-backup': 'skip', 'backoff.schedule': 'fail' }, { overloaded: ['failover.to-backup'] })), { status: 'killed', killedBy: ['backoff.schedule'] });
});

test('a check with no verdict at all, or a scenario broken by other than time, kills it', () => {
  assert.equal(classify(row({ 'queue.replay': 'missing' })).status, 'killed');
  assert.equal(classify(row({}, { broken: ['boot: board did not answer'], exitCode: 1 })).status, 'killed');
});

test('in a run narrowed by --grep, a check without a verdict is the filter, not a kill', () => {
  assert.equal(classify(row({ 'queue.replay': 'missing' }), NOTHING_EXCUSED, true).status, 'survived');
  assert.equal(classify(row({ 'queue.replay': 'missing', 'qos.publish-downgrade': 'fail' }), NOTHING_EXCUSED, true).status, 'killed');
  // The run-level jitter check over one scenario's two or three delays: skipped for too few, whatever the mutant.
  assert.equal(classify(row({ 'backoff.jitter-distribution': 'skip', 'transport.segmented': 'pass' }), NOTHING_EXCUSED, true).status, 'survived');
  assert.equal(classify(row({ 'backoff.jitter-distribution': 'fail' }), NOTHING_EXCUSED, true).status, 'killed');
});

test('in a narrowed run, what the baseline itself left unjudged does not kill a mutant; anything else does', () => {
  const excused = excusedBy(row({ 'backoff.jitter-distribution': 'skip', 'queue.replay': 'missing' }, { broken: ['qos: downgrade by config'] }));
  const mutantRow = (cells: Parameters<typeof row>[0]) => row(cells, { broken: ['qos: downgrade by config'] });
  assert.equal(classify(mutantRow({ 'backoff.jitter-distribution': 'skip', 'queue.replay': 'missing' }), excused).status, 'survived');
  assert.deepEqual(classify(mutantRow({ 'backoff.jitter-distribution': 'skip', 'qos.publish-downgrade': 'fail' }), excused), { status: 'killed', killedBy: ['qos.publish-downgrade'] });
  assert.equal(classify(row({}, { broken: ['qos: lowering the cap'] }), excused).status, 'killed');
});

test('scenarios out of time and nothing else: timeout, reported apart', () => {
  assert.equal(classify(row({}, { broken: ['backoff: cap'], timedOut: ['backoff: cap'], exitCode: 1 })).status, 'timeout');
  assert.equal(classify(row({ 'backoff.schedule': 'fail' }, { broken: ['backoff: cap'], timedOut: ['backoff: cap'] })).status, 'killed');
});

test('a lab that never started or was stopped says nothing about the mutant', () => {
  assert.equal(classify(row({}, { broken: [NOT_STARTED] })).status, 'error');
  assert.equal(classify(row({ 'backoff.schedule': 'fail' }, { interrupted: true })).status, 'error');
});

test('surviving log-text and warm-up mutants are pre-filled as equivalent; others are left to a person', () => {
  assert.equal(preAnalysis({ ...mutant, file: 'harness/virtual/mqtt/log-lines.ts', mutator: 'StringLiteral' }).equivalent, true);
  assert.equal(preAnalysis({ ...mutant, file: 'harness/virtual/mqtt/warm-up.ts' }).equivalent, true);
  assert.deepEqual(preAnalysis(mutant), { analysis: '', equivalent: false });
});

test("a person's analysis of a survivor is found again after its lines moved", () => {
  const written = { [analysisKey(mutant)]: { equivalent: true, analysis: 'a is never negative here' } };
  assert.deepEqual(preAnalysis({ ...mutant, id: '77', line: 40 }, written), written[analysisKey(mutant)]);
  assert.deepEqual(preAnalysis({ ...mutant, replacement: 'a + 2' }, written), { analysis: '', equivalent: false });
  assert.equal(resultOf({ ...mutant, file: 'harness/virtual/mqtt/warm-up.ts' }, row({ 'keepalive.ping': 'fail' })).equivalent, false);
});

test('the score leaves equivalent survivors and errors out, counts timeouts as kills, and lists every survivor', () => {
  const results = [
    resultOf({ ...mutant, id: '1' }, row({ 'backoff.schedule': 'fail' })),
    resultOf({ ...mutant, id: '2' }, row({}, { broken: ['x'], timedOut: ['x'] })),
    resultOf({ ...mutant, id: '3' }, row()),
    resultOf({ ...mutant, id: '4', file: 'harness/virtual/mqtt/warm-up.ts' }, row()),
    resultOf({ ...mutant, id: '5' }, row({}, { interrupted: true })),
  ];
  const s = scoreOf(results);
  assert.deepEqual(s.counts, { killed: 1, timeout: 1, survived: 2, error: 1 });
  assert.equal(s.equivalent, 1);
  assert.equal(s.score, 2 / 3);
  const report: MutationReport = {
    startedAt: '2026-12-01T14:00:00Z', complete: true, options: { seed: 1, timeScale: 20, concurrency: 2 },
    total: 10, noCoverage: ['9'], mutantsWallMs: 5000, results,
  };
  const md = renderMutation(report, 'npm run mutation -- --sample 5');
  assert.match(md, /score over the non-equivalent mutants run: 66\.7 %\*\* \(95 % interval ± 53\.3 points, normal approximation over 3 mutants\)/);
  assert.match(md, /\| 3 \| `harness\/virtual\/mqtt\/reconnect-schedule\.ts:3:5` \| ArithmeticOperator \| `a \* 2` \| `a \/ 2` \| \*to be analysed\* \|/);
  assert.match(md, /\| 4 \| .*warm-up/);
  assert.match(md, /not reached \(no coverage, not run\): 1/);
  assert.match(md, /Not judged .*: 5\./);
});

test('a recorded report is rendered again with the analyses written since, and the command that draws the same mutants', () => {
  const survivor = resultOf({ ...mutant, id: '3' }, row());
  const report: MutationReport = {
    startedAt: '2026-12-02T01:30:00Z', complete: true, options: { sample: 100, seed: 1, timeScale: 20, concurrency: 2 },
    total: 10, noCoverage: [], mutantsWallMs: 5000, results: [survivor, resultOf({ ...mutant, id: '4' }, row({ 'backoff.schedule': 'fail' }))],
  };
  const written = { [analysisKey(mutant)]: { equivalent: true, analysis: 'halving a delay nobody reads' } };
  const again = withTodaysAnalyses(report, written);
  assert.equal(again.results[0]!.analysis, 'halving a delay nobody reads');
  assert.equal(again.results[0]!.equivalent, true);
  assert.equal(again.results[1]!.status, 'killed', 'a kill stays as it was');
  assert.equal(report.results[0]!.analysis, '', 'the recorded report is not changed');
  assert.equal(reproducingCommand(report.options), 'npm run mutation -- --sample 100 --seed 1 --time-scale 20');
  assert.equal(reproducingCommand({ ...report.options, sample: undefined, grep: 'qos' }), "npm run mutation -- --sample all --seed 1 --grep 'qos' --time-scale 20");
});
