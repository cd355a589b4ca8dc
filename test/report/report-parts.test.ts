/** The report's pure parts: serial excerpts (redacted), doc-vs-behaviour findings, escaping, progress lines. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { esc } from '../../harness/report/escape.ts';
import { excerptAround, parseSerialLog } from '../../harness/report/excerpts.ts';
import { docVsBehaviour } from '../../harness/report/findings.ts';
import { describeProgress } from '../../harness/report/progress-reporter.ts';
import { colourWanted, painter } from '../../harness/report/terminal.ts';
import { scenarioSlug } from '../../harness/report/run-folder.ts';
import type { VerdictRecord } from '../../harness/report/results.ts';
import { tickStepMs } from '../../harness/report/svg-timeline.ts';
import type { ScenarioView, VerdictView } from '../../harness/report/model.ts';
import { FULL_PAPER_MAX_SCENARIOS, paperDetail, printedInFull } from '../../harness/report/paper.ts';

const log = Array.from({ length: 40 }, (_, i) => `2026-01-01T00:00:00.000Z +${(100 + i * 10).toFixed(3)} line ${i}`);
log[20] = '2026-01-01T00:00:00.000Z +300.000 """{"result":{"server":"x","pass":"hunter2"}}"""';

test('excerpts: ±10 lines around each stamp, joined when they overlap, secrets redacted', () => {
  const lines = parseSerialLog(`${log.join('\n')}\n`);
  assert.equal(lines.length, 40);
  const ranges = excerptAround(lines, [300.2, 310]);
  assert.equal(ranges.length, 1);
  assert.equal(ranges[0]![0]!.n, 11);
  assert.equal(ranges[0]!.at(-1)!.n, 32);
  assert.deepEqual(ranges[0]!.filter((l) => l.near).map((l) => l.n), [21, 22], 'bare stamps mark the nearest lines as near');
  assert.equal(ranges[0]!.filter((l) => l.hit).length, 0, 'a bare stamp is no exact hit');
  const text = ranges[0]!.map((l) => l.text).join('\n');
  assert.ok(!text.includes('hunter2') && text.includes('"pass":"***"'), text);
  assert.equal(excerptAround(lines, [100, 490]).length, 2, 'far apart: two ranges');
});

test('excerpts: the evidence line is found by stamp and text, also among lines sharing a stamp', () => {
  const shared = [
    '2026-01-01T00:00:00.000Z +100.000 boot',
    '2026-01-01T00:00:00.000Z +200.125 MQTT0 TCP connected error',
    '2026-01-01T00:00:00.000Z +200.125 MQTT0 connecting after 4000 ms',
    '2026-01-01T00:00:00.000Z +200.125 MQTT0 connecting to 127.0.0.1:1883',
    '2026-01-01T00:00:00.000Z +300.000 later',
  ];
  const lines = parseSerialLog(shared.join('\n'));
  const [range] = excerptAround(lines, [{ t: 200.125, what: 'MQTT0 connecting to 127.0.0.1:1883' }, { t: 200.125, what: 'MQTT0 connecting after 4000 ms' }]);
  assert.deepEqual(range!.filter((l) => l.hit).map((l) => l.n), [3, 4]);
  assert.equal(range!.filter((l) => l.near).length, 0);
  const [derived] = excerptAround(lines, [{ t: 200.125, what: 'logged delay 4000 ms for nominal 4000 ms (×1.000)' }]);
  assert.deepEqual(derived!.filter((l) => l.hit).map((l) => l.n), [3], 'evidence derived from a line finds the line it shares words with');
  const [gate] = excerptAround(lines, [{ t: 290, what: 'primary#2 tcp.accept (mqtt)' }]);
  assert.deepEqual(gate!.filter((l) => l.near).map((l) => l.n), [5], 'gate evidence: the nearest line, marked near, not hit');
  assert.equal(gate!.filter((l) => l.hit).length, 0);
});

const verdict = (id: VerdictRecord['id'], v: VerdictRecord['verdict'], board = 'b1'): VerdictRecord => ({
  id, verdict: v, board, scenario: 's', file: 'f.spec.ts', expected: 1, observed: 1, evidence: [], source: [], reason: 'r',
});

test('doc vs behaviour: a passing verdict shows which side the board follows; a failing one is not guessed', () => {
  const views = docVsBehaviour(
    [verdict('api.pub-return-offline', 'pass'), verdict('delivery.puback-unmatched', 'fail'), verdict('api.pub-return-offline', 'fail', 'b2')],
    ['b1', 'b2'],
    () => '#x',
  );
  const of = (id: string, board: string) => views.find((d) => d.id === id)!.findings.find((f) => f.board === board)!;
  assert.equal(of('api.pub-return-offline', 'b1').status, 'follows-impl');
  assert.match(of('api.pub-return-offline', 'b1').text, /packet id/);
  assert.equal(of('api.pub-return-offline', 'b2').status, 'deviates');
  assert.equal(of('delivery.puback-unmatched', 'b1').status, 'deviates');
  assert.equal(of('qos.sticky-override', 'b1').status, 'not-exercised');
});

test('escaping and slugs keep markup out', () => {
  assert.equal(esc(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(scenarioSlug(['backoff', 'a drop after a good session restarts the schedule at 2 s']), 'backoff-a-drop-after-a-good-session-restarts-the-schedule-at-2-s');
  assert.deepEqual([1000, 65_000, 300_000].map(tickStepMs), [200, 10_000, 50_000]);
});

test('progress: attempt count and when the next attempt is due, in device time; overdue or connected said as such', () => {
  const w = { board: 'virtual', title: 'backoff › x', attempts: 3, accepts: 3, timeScale: 20, delay: { t: 1000, ms: 8000 }, wallOffset: 0 };
  assert.equal(describeProgress(w, 1100), 'virtual backoff › x · attempt 3 (gate 3) · next in ~6.00 s');
  assert.equal(describeProgress(w, 1500), 'virtual backoff › x · attempt 3 (gate 3) · attempt 4 overdue by 2.00 s');
  assert.equal(describeProgress({ ...w, connected: true }, 1500), 'virtual backoff › x · attempt 3 (gate 3) · connected');
  const long = describeProgress({ ...w, title: `failover › ${'primary down, backup up: the board switches '.repeat(5)}` }, 1100);
  assert.equal([...long].length, 100, long);
  assert.match(long, /… · attempt 3 \(gate 3\) · next in ~6\.00 s$/);
  assert.equal(describeProgress(w, 1100, 100, painter(true)), '\x1b[1mvirtual\x1b[22m backoff › x\x1b[36m · attempt 3 (gate 3) · next in ~6.00 s\x1b[39m');
});

test('colour: on a terminal unless NO_COLOR; FORCE_COLOR decides when set', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  assert.equal(colourWanted(tty, {}), true);
  assert.equal(colourWanted(tty, { TERM: 'dumb' }), false);
  assert.equal(colourWanted(pipe, {}), false);
  assert.equal(colourWanted(tty, { NO_COLOR: '1' }), false);
  assert.equal(colourWanted(tty, { FORCE_COLOR: '0' }), false);
  assert.equal(colourWanted(pipe, { FORCE_COLOR: '1' }), true);
  assert.equal(colourWanted(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }), true, 'FORCE_COLOR is the explicit ask');
  assert.equal(painter(false)('red', 'x'), 'x');
});

test('paper: a run above FULL_PAPER_MAX_SCENARIOS prints condensed unless asked otherwise; a scenario with any verdict not passed prints in full', () => {
  const scenarios = (n: number) => ({ scenarios: Array.from({ length: n }) as ScenarioView[] });
  assert.equal(paperDetail(scenarios(FULL_PAPER_MAX_SCENARIOS)), 'full');
  assert.equal(paperDetail(scenarios(FULL_PAPER_MAX_SCENARIOS + 1)), 'condensed');
  assert.equal(paperDetail(scenarios(FULL_PAPER_MAX_SCENARIOS + 1), 'full'), 'full');
  assert.equal(paperDetail(scenarios(1), 'condensed'), 'condensed');
  const s = (status: ScenarioView['status'], verdicts: VerdictView['verdict'][]) => ({ status, verdicts: verdicts.map((verdict) => ({ verdict })) }) as ScenarioView;
  assert.equal(printedInFull(s('passed', ['pass', 'pass'])), false);
  assert.equal(printedInFull(s('passed', ['pass', 'skip'])), true, 'not judged (skip) is printed in full');
  assert.equal(printedInFull(s('failed', ['pass', 'fail'])), true);
  assert.equal(printedInFull(s('timedOut', [])), true, 'broke before judging');
});
