/**
 * `hil kill-matrix --from-run`: the rows of a kill matrix already run, from its
 * results.json, judged again against the expectations — the faithful board (no
 * personalities) held to every verdict, a personality only to the verdicts its
 * scenarios asked for.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeRow, matrixRowsOfRun } from '../../harness/power/kill-matrix.ts';
import { withTodaysChecks } from '../../harness/report/rejudge.ts';
import type { RunResults, VerdictRecord } from '../../harness/report/results.ts';

const board = (name: string, personalities: string[]) => ({ name, kind: 'virtual' as const, info: undefined, fwId: undefined, timeScale: 20, epsilonMs: 50, personalities });
const verdict = (b: string, id: string, v: 'pass' | 'fail' | 'skip', incidental = false) =>
  ({ id, verdict: v, reason: v, evidence: [], source: [], board: b, scenario: 's', file: 'f.spec.ts', ...(incidental ? { incidental: true } : {}) }) as unknown as VerdictRecord;

function run(): RunResults {
  return {
    schema: 'mgos-hil/results@1',
    runId: 'kill-matrix-1',
    harnessVersion: '0.1.0',
    startedAt: '2026-12-01T10:00:00.000Z',
    status: 'failed',
    lab: {},
    boards: { '01-backoff-no-jitter': board('01-backoff-no-jitter', ['backoff-no-jitter']), '00-faithful': board('00-faithful', []) },
    scenarios: [
      { board: '00-faithful', title: 's', file: 'f.spec.ts', status: 'passed', durationMs: 1000 },
      { board: '01-backoff-no-jitter', title: 's', file: 'f.spec.ts', status: 'failed', durationMs: 2000 },
    ],
    verdicts: [
      verdict('00-faithful', 'backoff.schedule', 'pass'),
      verdict('00-faithful', 'keepalive.ping', 'fail', true),
      verdict('01-backoff-no-jitter', 'backoff.jitter', 'fail'),
      verdict('01-backoff-no-jitter', 'keepalive.ping', 'fail', true),
      verdict('01-backoff-no-jitter', 'keepalive.ping', 'pass'),
    ],
  };
}

test('rows of a recorded run: one per board in board order, the personality from the board record, cells from its verdicts', () => {
  const rows = matrixRowsOfRun(run(), '/runs/km');
  assert.deepEqual(rows.map((r) => [r.board, r.personality]), [['00-faithful', 'faithful'], ['01-backoff-no-jitter', 'backoff-no-jitter']]);
  assert.equal(rows[1]!.cells['backoff.jitter'], 'fail');
  assert.equal(rows[1]!.cells['keepalive.ping'], 'fail');
  assert.equal(rows[1]!.requiredCells['keepalive.ping'], 'pass', 'an incidental verdict is not a required cell');
  assert.equal(rows[0]!.wallMs, 1000);
  assert.equal(rows[0]!.runDir, '/runs/km');
});

test('judged again: an incidental failure is a false alarm on the faithful board only', () => {
  const [faithful, noJitter] = matrixRowsOfRun(run(), '/runs/km');
  // (Checks with no verdict at all in this small run are `missing`, which is never a pass.)
  assert.ok(judgeRow(faithful!, { fails: [] }).falseAlarms.includes('keepalive.ping'));
  const j = judgeRow(noJitter!, { fails: ['backoff.jitter'] });
  assert.deepEqual(j.caught, ['backoff.jitter']);
  assert.ok(!j.falseAlarms.includes('keepalive.ping'), 'incidental on a personality: not held to the table');
});

test("re-judged with today's checks: the new verdicts replace the recorded ones, and a scenario failed only by them passes", () => {
  const recorded = run();
  const today = verdict('01-backoff-no-jitter', 'backoff.jitter', 'pass');
  const rejudged = withTodaysChecks(recorded, { runDir: '/runs/km', judged: 1, withoutInput: [{ board: '00-faithful', scenario: 's' }], verdicts: [today], changes: [] });
  const rows = matrixRowsOfRun(rejudged, '/runs/km');
  assert.equal(rows[1]!.cells['backoff.jitter'], 'pass');
  assert.deepEqual(rows[1]!.broken, [], 'its failure was the verdict that now passes');
  assert.equal(rows[0]!.cells['backoff.schedule'], 'pass', 'a scenario without a checks input keeps its recorded verdicts');
  // A scenario that broke (no failing verdict recorded) stays broken whatever the checks say now.
  const broke = run();
  broke.verdicts = broke.verdicts.filter((v) => v.board !== '01-backoff-no-jitter');
  const again = matrixRowsOfRun(withTodaysChecks(broke, { runDir: '/runs/km', judged: 1, withoutInput: [], verdicts: [today], changes: [] }), '/runs/km');
  assert.deepEqual(again[1]!.broken, ['s']);
});

test('a narrowed matrix (--grep) judges only the checks with evidence in its scenarios', () => {
  const [faithful, noJitter] = matrixRowsOfRun(run(), '/runs/km');
  const narrowed = judgeRow(faithful!, { fails: [] }, { narrowed: true });
  assert.deepEqual(narrowed.falseAlarms, ['keepalive.ping'], 'a real failure still counts; checks without a verdict do not');
  assert.deepEqual(judgeRow(noJitter!, { fails: ['backoff.jitter', 'queue.replay'] }, { narrowed: true }).missed, [], 'no evidence for queue.replay here: not a miss');
  assert.deepEqual(judgeRow(noJitter!, { fails: ['backoff.jitter', 'queue.replay'] }).missed, ['queue.replay']);
});

test('a narrowed matrix misses only kills its scenarios ask for: an incidental pass shows the deviation was not exercised there', () => {
  const [, noJitter] = matrixRowsOfRun(run(), '/runs/km');
  // backoff.schedule judged only incidentally in the narrowed scenario, and passed.
  const row = { ...noJitter!, cells: { ...noJitter!.cells, 'backoff.schedule': 'pass' as const } };
  assert.equal(row.requiredCells['backoff.schedule'], 'missing');
  assert.deepEqual(judgeRow(row, { fails: ['backoff.jitter', 'backoff.schedule'] }, { narrowed: true }).missed, [], 'incidental pass: not a miss');
  assert.deepEqual(judgeRow(row, { fails: ['backoff.jitter', 'backoff.schedule'] }).missed, ['backoff.schedule'], 'the full matrix holds it to the table');
  // Asked for by the scenario (a required pass): a kill of it that passed is a miss, narrowed or not.
  const asked = { ...row, requiredCells: { ...row.requiredCells, 'backoff.schedule': 'pass' as const } };
  assert.deepEqual(judgeRow(asked, { fails: ['backoff.jitter', 'backoff.schedule'] }, { narrowed: true }).missed, ['backoff.schedule']);
});

test('a verdict the host kept from being judged (overloaded) is no false alarm and no catch; a real failure beside it still counts', () => {
  const overloaded = (b: string, id: string) =>
    ({ ...verdict(b, id, 'skip'), reason: 'not judged: host overloaded (lag 554 ms, over 250 ms); the verdict would have been pass: 1 run(s) switched' }) as VerdictRecord;
  const r = run();
  r.verdicts.push(overloaded('00-faithful', 'failover.to-backup'), overloaded('01-backoff-no-jitter', 'backoff.jitter'), overloaded('00-faithful', 'backoff.schedule'));
  r.verdicts.push(verdict('00-faithful', 'backoff.schedule', 'fail'));
  const [faithful, noJitter] = matrixRowsOfRun(r, '/runs/km');
  assert.deepEqual(faithful!.overloaded, ['failover.to-backup'], 'backoff.schedule also failed outright: not only overloaded');
  const j = judgeRow(faithful!, { fails: [] });
  assert.ok(!j.falseAlarms.includes('failover.to-backup'));
  assert.ok(j.falseAlarms.includes('backoff.schedule'));
  // The personality's own check failed in one scenario and was overloaded in another: still caught.
  assert.deepEqual(judgeRow(noJitter!, { fails: ['backoff.jitter'] }).caught, ['backoff.jitter']);
  // Only overloaded where it had to fail: a miss, not a catch.
  const onlyOverloaded = run();
  onlyOverloaded.verdicts = onlyOverloaded.verdicts.filter((v) => !(v.board === '01-backoff-no-jitter' && v.id === 'backoff.jitter'));
  onlyOverloaded.verdicts.push(overloaded('01-backoff-no-jitter', 'backoff.jitter'));
  const [, nj] = matrixRowsOfRun(onlyOverloaded, '/runs/km');
  assert.deepEqual(judgeRow(nj!, { fails: ['backoff.jitter'] }).missed, ['backoff.jitter']);
});

test('a confined board (its own scenario filter, recorded on the board) is judged as narrowly as it ran, without being asked', () => {
  const r = run();
  r.boards['01-backoff-no-jitter'] = { ...r.boards['01-backoff-no-jitter']!, scenarios: '(?:backoff\\.spec\\.ts .*jitter)' };
  const [faithful, noJitter] = matrixRowsOfRun(r, '/runs/km');
  assert.equal(faithful!.confinedTo, undefined);
  assert.equal(noJitter!.confinedTo, '(?:backoff\\.spec\\.ts .*jitter)');
  assert.equal(noJitter!.scenarioCount, 1);
  // Judged narrowly for false alarms: a check with no verdict on the confined board is none.
  assert.ok(!judgeRow(noJitter!, { fails: ['backoff.jitter'] }).falseAlarms.includes('queue.replay'));
  // But its scenarios were chosen to judge what it must fail: no verdict there is a miss (seen
  // beside stress-ng: a PUBACK's absence unjudged, the personality not caught, and no MISSED shown).
  assert.deepEqual(judgeRow(noJitter!, { fails: ['backoff.jitter', 'queue.replay'] }).missed, ['queue.replay']);
  const couldNotJudge = { ...noJitter!, cells: { ...noJitter!.cells, 'backoff.jitter': 'skip' as const }, requiredCells: { ...noJitter!.requiredCells, 'backoff.jitter': 'skip' as const } };
  assert.deepEqual(judgeRow(couldNotJudge, { fails: ['backoff.jitter'] }).missed, ['backoff.jitter']);
  // Narrowed by --grep as well, the scenarios asked for decide, as in any narrowed matrix.
  assert.deepEqual(judgeRow(noJitter!, { fails: ['backoff.jitter', 'queue.replay'] }, { narrowed: true }).missed, []);
});
