/** The reporters take the run as their options (as playwright.config.ts lists them) and find the scenario files by the run folder's layout. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { FullConfig, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import ProgressReporter from '../../harness/report/progress-reporter.ts';
import { type RunResults, WHOLE_RUN } from '../../harness/report/results.ts';
import ResultsReporter from '../../harness/report/results-reporter.ts';
import { DELAYS_ATTACHMENT, FILES_ATTACHMENT, runFile, scenarioFileRefs, scenarioFiles, titlesOfTestCase, VERDICT_ATTACHMENT } from '../../harness/report/run-folder.ts';

const titlePath = ['', 'b1', 'will.spec.ts', 'will', 'sent on a drop'];
const fakeCase = { id: 't1', title: 'sent on a drop', titlePath: () => titlePath, location: { file: '/p/scenarios/will.spec.ts', line: 1, column: 1 }, parent: { project: () => ({ name: 'b1' }) } } as unknown as TestCase;
const json = (name: string, value: unknown) => ({ name, contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) });

function tmpRun(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hil-reporters-'));
}

test('the results reporter writes results.json into the run folder its options name, with the run id, version and redacted lab', () => {
  const runDir = tmpRun();
  const reporter = new ResultsReporter({ runDir, runId: 'r-1', harnessVersion: '9.9.9', lab: { host: 'h', wifi: { pass: 'hunter2' } } });
  reporter.onBegin({ rootDir: '/p' } as FullConfig, {} as Suite);
  const refs = scenarioFileRefs(runDir, scenarioFiles(runDir, 'b1', titlesOfTestCase(fakeCase)));
  const verdict = { id: 'will.sent', verdict: 'pass', reason: 'ok', expected: 1, observed: 1, evidence: [], source: [] };
  const result = { status: 'passed', startTime: new Date(0), duration: 5, attachments: [json(FILES_ATTACHMENT, refs), json(VERDICT_ATTACHMENT, [verdict])] } as unknown as TestResult;
  reporter.onTestEnd(fakeCase, result);
  reporter.onEnd({ status: 'passed' });
  const written = JSON.parse(fs.readFileSync(runFile(runDir, 'results'), 'utf8')) as RunResults;
  assert.equal(written.runId, 'r-1');
  assert.equal(written.harnessVersion, '9.9.9');
  assert.equal(written.status, 'passed');
  assert.deepEqual(written.lab, { host: 'h', wifi: { pass: '***' } });
  assert.equal(written.scenarios[0]!.timeline, 'scenarios/b1/will-sent-on-a-drop.timeline.jsonl');
  assert.equal(written.scenarios[0]!.file, 'scenarios/will.spec.ts');
  assert.equal(written.verdicts[0]!.board, 'b1');
  fs.rmSync(runDir, { recursive: true, force: true });
});

test('the results reporter pools every scenario\'s delays into one run-level verdict per board when the run ends', () => {
  const runDir = tmpRun();
  const reporter = new ResultsReporter({ runDir, runId: 'r-2', harnessVersion: '9.9.9', lab: {} });
  reporter.onBegin({ rootDir: '/p' } as FullConfig, {} as Suite);
  // Delays that only ever add time (U ≥ 0.5), 6 per scenario over 3 scenarios: too few for a verdict in one, enough pooled.
  const samples = Array.from({ length: 6 }, (_, i) => {
    const delayMs = 2000 + 17 * (i + 1);
    return { t: i, from: 'logged', nominalMs: 2000, delayMs, fraction: (delayMs + 0.5 - 1800) / 400, error: 0.5 / 400, restart: i, position: 1 };
  });
  for (const retry of [0, 1, 2]) {
    const result = { status: 'passed', retry, startTime: new Date(0), duration: 5, attachments: [json(DELAYS_ATTACHMENT, { epsilonMs: 50, samples })] } as unknown as TestResult;
    reporter.onTestEnd(fakeCase, result);
  }
  reporter.onEnd({ status: 'passed' });
  const written = JSON.parse(fs.readFileSync(runFile(runDir, 'results'), 'utf8')) as RunResults;
  const v = written.verdicts.find((x) => x.id === 'backoff.jitter-distribution');
  assert.equal(v?.scenario, WHOLE_RUN);
  assert.equal(v?.board, 'b1');
  assert.equal(v?.verdict, 'fail', v?.reason);
  assert.match(v!.reason, /0 below, 18 at or above/);
  assert.equal(written.status, 'failed');
  fs.rmSync(runDir, { recursive: true, force: true });
});

test('a reporter listed without the run in its options says so at construction, naming what is missing', () => {
  assert.throws(() => new ResultsReporter({ runId: 'r' }), /results-reporter needs runDir, harnessVersion in its options/);
  assert.throws(() => new ProgressReporter({}), /progress-reporter needs runDir in its options/);
});

test('the progress reporter reads the timeline the fixtures write for the scenario in the run folder its options name', () => {
  const runDir = tmpRun();
  const files = scenarioFiles(runDir, 'b1', titlesOfTestCase(fakeCase));
  fs.mkdirSync(files.dir, { recursive: true });
  const serial = (t: number, text: string) => JSON.stringify({ kind: 'serial', t, line: { text } });
  fs.writeFileSync(
    files.timeline,
    [
      JSON.stringify({ kind: 'note', t: 1, text: 'scenario start' }),
      serial(2, 'mgos_mqtt_conn.c:123 MQTT0 connecting to 127.0.0.1:1883'),
      JSON.stringify({ kind: 'tcp.accept', t: 3 }),
      serial(4, 'MQTT0 connecting after 2000 ms'),
      serial(5, 'MQTT0 connecting to 127.0.0.1:1883'),
      '',
    ].join('\n'),
  );
  let printed = '';
  const write = (s: string): boolean => {
    printed += s;
    return true;
  };
  const out = { write } as unknown as NodeJS.WritableStream;
  const reporter = new ProgressReporter({ runDir, timeScales: { b1: 20 }, live: false, out });
  reporter.onBegin({} as FullConfig, {} as Suite);
  reporter.onTestBegin(fakeCase);
  reporter.onTestEnd(fakeCase, { status: 'passed', duration: 1500 } as TestResult);
  reporter.onEnd();
  assert.equal(printed, '  ⋯ b1: passed, 2 attempt(s) (gate accepted 1) in 1.50 s wall\n', 'one short line under the list reporter’s, which names the scenario');
  fs.rmSync(runDir, { recursive: true, force: true });
});

test('live, the progress reporter keeps one line per board at the bottom, redrawn in place, erased when the scenario ends', async () => {
  const runDir = tmpRun();
  const files = scenarioFiles(runDir, 'b1', titlesOfTestCase(fakeCase));
  fs.mkdirSync(files.dir, { recursive: true });
  const serial = (t: number, text: string) => JSON.stringify({ kind: 'serial', t, line: { text } });
  const lines = [JSON.stringify({ kind: 'note', t: 1, text: 'scenario start' }), serial(2, 'MQTT0 connecting to 127.0.0.1:1883'), serial(4, 'MQTT0 connecting after 2000 ms')];
  fs.writeFileSync(files.timeline, `${lines.join('\n')}\n`);
  let printed = '';
  const write = (s: string): boolean => {
    printed += s;
    return true;
  };
  const out = { write } as unknown as NodeJS.WritableStream;
  const reporter = new ProgressReporter({ runDir, timeScales: { b1: 20 }, live: true, out, intervalMs: 20, colour: false, width: 100 });
  reporter.onBegin({} as FullConfig, {} as Suite);
  reporter.onTestBegin(fakeCase);
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`not within 5 s: ${what}; printed ${JSON.stringify(printed)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await until('the board’s line', () => printed.includes('attempt 1 (gate 0) · next after 2000 ms'));
  // The announced attempt comes, then a session: no "next attempt" is left standing.
  fs.appendFileSync(files.timeline, `${[serial(6, 'MQTT0 connecting to 127.0.0.1:1883'), serial(7, 'MQTT0 CONNACK 0')].join('\n')}\n`);
  await until('the line redrawn in place', () => printed.includes('\x1b[1F\x1b[J') && printed.endsWith('attempt 2 (gate 0) · connected\n'));
  const mark = printed.length;
  reporter.onTestEnd(fakeCase, { status: 'passed', duration: 1500 } as TestResult);
  reporter.onEnd();
  assert.equal(printed.slice(mark), '\x1b[1F\x1b[J', 'the block erased, nothing printed twice (the list reporter names the ending scenario)');
  for (const line of printed.split(/\n|\x1b\[1F\x1b\[J/)) assert.ok([...line].length <= 100, line);
  fs.rmSync(runDir, { recursive: true, force: true });
});
