/** The run folder's layout and how a run reaches the Playwright processes (harness/report/run-folder.ts, harness/runner/settings.ts). */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { virtualLab } from '../../harness/lab/load.ts';
import {
  newRunId,
  runDirOf,
  runFile,
  scenarioFileRefs,
  scenarioFiles,
  scenarioSlug,
  scenarioSlugOf,
  titlesOfTestCase,
  titlesOfTestInfo,
} from '../../harness/report/run-folder.ts';
import { reportsDir, runEnv, runSettings } from '../../harness/runner/settings.ts';

const runDir = '/tmp/reports/run-1';

test('a repeat (--repeat-each) after the first gets files of its own, named alike by the fixtures and the reporters', () => {
  const titles = ['backoff.spec.ts', 'backoff', 'a drop'];
  const first = { titlePath: titles, repeatEachIndex: 0 };
  const second = { titlePath: titles, repeatEachIndex: 1 };
  assert.deepEqual(titlesOfTestInfo(first), ['backoff', 'a drop']);
  assert.deepEqual(titlesOfTestInfo(second), ['backoff', 'a drop', 'repeat 2']);
  assert.deepEqual(titlesOfTestCase({ titlePath: () => ['', 'virtual', ...titles], repeatEachIndex: 1 }), titlesOfTestInfo(second));
  assert.match(scenarioFiles(runDir, 'virtual', titlesOfTestInfo(second)).serialLog, /backoff-a-drop-repeat-2\.serial\.log$/);
});

test('the fixtures (TestInfo) and the reporters (TestCase) name the same files for one scenario', () => {
  const testInfo = { titlePath: ['backoff.spec.ts', 'backoff', 'a drop restarts the schedule at 2 s'] };
  const testCase = { titlePath: () => ['', 'virtual', 'backoff.spec.ts', 'backoff', 'a drop restarts the schedule at 2 s'] };
  assert.deepEqual(titlesOfTestInfo(testInfo), ['backoff', 'a drop restarts the schedule at 2 s']);
  assert.deepEqual(titlesOfTestCase(testCase), titlesOfTestInfo(testInfo));
  const files = scenarioFiles(runDir, 'virtual', titlesOfTestInfo(testInfo));
  assert.deepEqual(files, {
    dir: '/tmp/reports/run-1/scenarios/virtual',
    serialLog: '/tmp/reports/run-1/scenarios/virtual/backoff-a-drop-restarts-the-schedule-at-2-s.serial.log',
    timeline: '/tmp/reports/run-1/scenarios/virtual/backoff-a-drop-restarts-the-schedule-at-2-s.timeline.jsonl',
    checksInput: '/tmp/reports/run-1/scenarios/virtual/backoff-a-drop-restarts-the-schedule-at-2-s.checks-input.json',
  });
});

test('results.json records scenario files relative to the run folder, and the slug comes back from the timeline path', () => {
  const files = scenarioFiles(runDir, 'b1', ['will', 'sent on a drop']);
  const refs = scenarioFileRefs(runDir, files);
  assert.deepEqual(refs, {
    timeline: 'scenarios/b1/will-sent-on-a-drop.timeline.jsonl',
    serialLog: 'scenarios/b1/will-sent-on-a-drop.serial.log',
    checksInput: 'scenarios/b1/will-sent-on-a-drop.checks-input.json',
  });
  assert.equal(scenarioSlugOf(refs.timeline), 'will-sent-on-a-drop');
  assert.equal(scenarioSlugOf('runs/r1/scenarios/b1/other.jsonl'), 'other.jsonl', 'not one of ours: the file name as it is');
});

test('the slug keeps letters and digits only, and at most 80 of them', () => {
  assert.equal(scenarioSlug(['qos', ' QoS 1 → 0 (override) ']), 'qos-QoS-1-0-override');
  assert.equal(scenarioSlug(['x'.repeat(100)]).length, 80);
});

test('run ids sort by start time and carry the pid; the run folder and its files sit under it', () => {
  assert.equal(newRunId(new Date('2026-12-01T10:31:09.123Z'), 42), '2026-12-01T10-31-09Z-42');
  assert.equal(runDirOf('/r', 'id'), '/r/id');
  assert.equal(runFile('/r/id', 'results'), '/r/id/results.json');
  assert.equal(runFile('/r/id', 'playwrightReport'), '/r/id/playwright-report');
});

test('reading the run settings writes nothing to the environment it reads', () => {
  const env = Object.freeze({}) as NodeJS.ProcessEnv; // a write would throw in this strict module
  const settings = runSettings(env, () => 'fresh-run');
  assert.equal(settings.runId, 'fresh-run');
  assert.equal(settings.runDir, path.join(reportsDir, 'fresh-run'));
  assert.deepEqual(settings.lab, virtualLab());
  assert.deepEqual(Object.keys(env), []);
});

test('the run hil qualify hands over in the environment is the run the config reads back', () => {
  const lab = { ...virtualLab(), host: '10.0.0.5' };
  const run = { runId: 'q-1', runDir: '/somewhere/q-1', lab };
  const read = runSettings(runEnv(run), () => assert.fail('a run named in the environment is not decided again'));
  assert.equal(read.runId, 'q-1');
  assert.equal(read.runDir, '/somewhere/q-1');
  // The lab travels as JSON and is parsed again (zod's output differs in prototype only).
  assert.equal(JSON.stringify(read.lab), JSON.stringify(lab));
});
