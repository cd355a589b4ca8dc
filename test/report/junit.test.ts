/** junit.xml as Jenkins and GitLab read it: one suite per board, checks as failures, valid against Jenkins' schema. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { FullConfig, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { junitXml } from '../../harness/report/junit.ts';
import type { BoardRecord, RunResults, ScenarioRecord, VerdictRecord } from '../../harness/report/results.ts';
import ResultsReporter from '../../harness/report/results-reporter.ts';
import { BOARD_ATTACHMENT, FILES_ATTACHMENT, runFile, VERDICT_ATTACHMENT } from '../../harness/report/run-folder.ts';
import { assertJenkinsJunit, xpath } from './junit-schema.ts';

const TITLE = 'a board reset without DISCONNECT gets its will published';
const FILE = 'scenarios/will.spec.ts';

const board = (name: string, id: string): BoardRecord => ({ name, kind: 'virtual', info: { id, fw_version: '1.2.3' }, fwId: `fw-${name}`, timeScale: 20, epsilonMs: 50, personalities: [] });
const scenario = (b: string, title: string, status: ScenarioRecord['status'], extra: Partial<ScenarioRecord> = {}): ScenarioRecord => ({
  board: b,
  title,
  file: FILE,
  status,
  startedAt: '2026-12-01T10:00:00.000Z',
  durationMs: 1500,
  serialLog: `scenarios/${b}/will.serial.log`,
  timeline: `scenarios/${b}/will.timeline.jsonl`,
  ...extra,
});
const verdict = (b: string, id: string, v: VerdictRecord['verdict'], reason: string): VerdictRecord =>
  ({ id, verdict: v, reason, expected: 1, observed: v === 'pass' ? 1 : 0, evidence: [], source: [], board: b, scenario: TITLE, file: FILE }) as VerdictRecord;

function twoBoards(): RunResults {
  return {
    schema: 'mgos-hil/results@1',
    runId: 'r-2',
    harnessVersion: '0.1.0',
    provenance: { harnessVersion: '0.1.0', harnessCommit: 'abc123', host: 'lab-host', node: 'v20.20.2' },
    startedAt: '2026-12-01T10:00:00.000Z',
    status: 'failed',
    lab: { boards: [{ name: 'left' }, { name: 'right' }] },
    boards: { left: board('left', 'esp32_AAAAAA'), right: board('right', 'esp32_BBBBBB') },
    scenarios: [
      scenario('left', TITLE, 'passed'),
      scenario('right', TITLE, 'failed', { error: 'will.published failed' }),
      scenario('right', 'refused credentials', 'failed', { broken: 'setup: the board did not answer HIL.Status within 5 s' }),
      scenario('right', 'a skipped one', 'skipped'),
    ],
    verdicts: [
      verdict('left', 'will.published', 'pass', 'published 0.4 s after the reset'),
      // A reason quoting a config reply with a secret in it, and a control character off the serial line.
      verdict('right', 'will.published', 'fail', 'no will within 10 s; config was {"pass": "hunter2"} \u0007'),
      verdict('right', 'will.retain', 'skip', 'no will to judge'),
    ],
  };
}

function written(results: RunResults, runDir: string): string {
  const file = path.join(runDir, 'junit.xml');
  fs.writeFileSync(file, junitXml(results, { runDir, projectDir: path.dirname(path.dirname(runDir)), hostname: 'lab-pc' }));
  return file;
}

function tmpRun(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-junit-'));
  const runDir = path.join(root, 'reports', 'r-2');
  fs.mkdirSync(runDir, { recursive: true });
  return runDir;
}

test('two boards running the same scenario give two suites whose classnames CI servers tell apart, valid against Jenkins\' schema', () => {
  const runDir = tmpRun();
  const file = written(twoBoards(), runDir);
  assertJenkinsJunit(file);
  assert.equal(xpath(file, 'count(/testsuites/testsuite)'), '2');
  assert.equal(xpath(file, 'string(/testsuites/testsuite[1]/@name)'), 'left');
  assert.equal(xpath(file, 'string(/testsuites/testsuite[2]/@name)'), 'right');
  const left = xpath(file, `string(//testsuite[@name="left"]/testcase[@name="${TITLE} [will.published]"]/@classname)`);
  const right = xpath(file, `string(//testsuite[@name="right"]/testcase[@name="${TITLE} [will.published]"]/@classname)`);
  assert.deepEqual([left, right], ['left.will', 'right.will']);
  fs.rmSync(path.dirname(path.dirname(runDir)), { recursive: true, force: true });
});

test('a failing check is a <failure> with its reason, a broken scenario an <error>, skips <skipped>; the counts say so', () => {
  const runDir = tmpRun();
  const file = written(twoBoards(), runDir);
  const right = '//testsuite[@name="right"]';
  assert.equal(xpath(file, `string(${right}/@failures)`), '1');
  assert.equal(xpath(file, `string(${right}/@errors)`), '1');
  assert.equal(xpath(file, `string(${right}/@skipped)`), '2');
  assert.equal(xpath(file, `string(${right}/@tests)`), '4');
  assert.equal(xpath(file, `string(${right}/testcase[failure]/@name)`), `${TITLE} [will.published]`);
  assert.equal(xpath(file, `string(${right}/testcase/failure/@type)`), 'will.published');
  assert.match(xpath(file, `string(${right}/testcase/failure/@message)`), /^no will within 10 s/);
  assert.equal(xpath(file, `string(${right}/testcase[error]/@name)`), 'refused credentials');
  assert.equal(xpath(file, `string(${right}/testcase/error/@message)`), 'setup: the board did not answer HIL.Status within 5 s');
  assert.equal(xpath(file, `count(${right}/testcase[skipped])`), '2');
  assert.equal(xpath(file, 'string(/testsuites/@failures)'), '1');
  assert.equal(xpath(file, 'string(//testsuite[@name="left"]/@failures)'), '0');
  assert.equal(xpath(file, 'count(//testsuite[@name="left"]/testcase[failure or error or skipped])'), '0');
  fs.rmSync(path.dirname(path.dirname(runDir)), { recursive: true, force: true });
});

test('each suite carries its board\'s device id, firmware id, time scale, harness version and commit as <properties>', () => {
  const runDir = tmpRun();
  const file = written(twoBoards(), runDir);
  const prop = (b: string, name: string) => xpath(file, `string(//testsuite[@name="${b}"]/properties/property[@name="${name}"]/@value)`);
  assert.equal(prop('right', 'device.id'), 'esp32_BBBBBB');
  assert.equal(prop('left', 'device.id'), 'esp32_AAAAAA');
  assert.equal(prop('right', 'firmware.id'), 'fw-right');
  assert.equal(prop('right', 'time.scale'), '20');
  assert.equal(prop('right', 'harness.version'), '0.1.0');
  assert.equal(prop('right', 'harness.commit'), 'abc123');
  fs.rmSync(path.dirname(path.dirname(runDir)), { recursive: true, force: true });
});

test('the serial log and timeline are attached as [[ATTACHMENT|path]] lines, relative to the project folder; secrets and control characters stay out', () => {
  const runDir = tmpRun();
  const file = written(twoBoards(), runDir);
  const out = xpath(file, `string(//testsuite[@name="right"]/testcase[failure]/system-out)`);
  assert.deepEqual(out.split('\n'), ['[[ATTACHMENT|reports/r-2/scenarios/right/will.serial.log]]', '[[ATTACHMENT|reports/r-2/scenarios/right/will.timeline.jsonl]]']);
  const text = fs.readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /hunter2/);
  assert.doesNotMatch(text, /\u0007/);
  // A run folder outside the project folder: absolute paths, which Jenkins and GitLab also take.
  const elsewhere = junitXml(twoBoards(), { runDir, projectDir: '/somewhere/else' });
  assert.ok(elsewhere.includes(`[[ATTACHMENT|${path.join(runDir, 'scenarios/right/will.serial.log')}]]`));
  fs.rmSync(path.dirname(path.dirname(runDir)), { recursive: true, force: true });
});

test('the results reporter rewrites junit.xml after every scenario, so a run that dies half-way leaves a valid one', () => {
  const runDir = tmpRun();
  const reporter = new ResultsReporter({ runDir, runId: 'r-2', harnessVersion: '0.1.0', lab: { boards: [{ name: 'b1' }] }, projectDir: path.dirname(path.dirname(runDir)) });
  reporter.onBegin({ rootDir: '/p' } as FullConfig, {} as Suite);
  const junit = runFile(runDir, 'junit');
  assertJenkinsJunit(junit);
  assert.equal(xpath(junit, 'count(//testcase)'), '0');
  const fakeCase = { title: TITLE, titlePath: () => ['', 'b1', 'will.spec.ts', 'will', TITLE], location: { file: '/p/scenarios/will.spec.ts', line: 1, column: 1 }, parent: { project: () => ({ name: 'b1' }) } } as unknown as TestCase;
  const json = (name: string, value: unknown) => ({ name, contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) });
  const v = { id: 'will.published', verdict: 'fail', reason: 'no will', expected: 1, observed: 0, evidence: [], source: [] };
  const result = {
    status: 'failed',
    startTime: new Date(0),
    duration: 5,
    attachments: [json(BOARD_ATTACHMENT, board('b1', 'esp32_CCCCCC')), json(FILES_ATTACHMENT, { serialLog: 'scenarios/b1/x.serial.log' }), json(VERDICT_ATTACHMENT, [v])],
  } as unknown as TestResult;
  reporter.onTestBegin(fakeCase, result);
  reporter.onTestEnd(fakeCase, result);
  // Before onEnd: the scenario that finished is already in it.
  assertJenkinsJunit(junit);
  assert.equal(xpath(junit, 'string(//testcase[failure]/@classname)'), 'b1.will');
  assert.equal(xpath(junit, 'string(//property[@name="device.id"]/@value)'), 'esp32_CCCCCC');
  fs.rmSync(path.dirname(path.dirname(runDir)), { recursive: true, force: true });
});

test('the schema check can fail: a suite without its failure count, or an unknown element, is refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-junit-bad-'));
  const bad = path.join(dir, 'bad.xml');
  for (const xml of ['<testsuites><testsuite name="b" tests="1" errors="0"/></testsuites>', '<testsuites><testsuite name="b" tests="1" failures="0" errors="0"><testcase name="x"><verdict/></testcase></testsuite></testsuites>']) {
    fs.writeFileSync(bad, xml);
    assert.throws(() => assertJenkinsJunit(bad), /is not valid JUnit for Jenkins/);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
