/**
 * playwright.config.ts is evaluated by the main Playwright process and again by every
 * worker, which inherits the main process's environment. These tests evaluate it the same
 * way, in child processes, and check that every evaluation lands in one run folder and
 * hands that folder to the reporters and the fixtures.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { virtualLab } from '../../harness/lab/load.ts';
import { projectRoot } from '../../harness/runner/settings.ts';

interface Seen {
  env: Record<string, string | undefined>;
  outputDir: string;
  reporterOptions: Record<string, { runDir?: string; outputFile?: string; outputFolder?: string; runId?: string; timeScales?: unknown }>;
  use: { name: string; runDir: string }[];
}

const probe = `
const { default: config } = await import(${JSON.stringify(path.join(projectRoot, 'playwright.config.ts'))});
console.log(JSON.stringify({
  env: { HIL_RUN_ID: process.env.HIL_RUN_ID, HIL_RUN_DIR: process.env.HIL_RUN_DIR },
  outputDir: config.outputDir,
  reporterOptions: Object.fromEntries(config.reporter.map(([name, options]) => [name, options ?? {}])),
  use: config.projects.map((p) => ({ name: p.name, runDir: p.use.runDir })),
}));`;

function evaluateConfig(env: Record<string, string>): Seen {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HIL_')));
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: projectRoot, env: { ...base, ...env }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Seen;
}

function assertOneFolder(seen: Seen, runDir: string): void {
  assert.equal(seen.outputDir, path.join(runDir, 'test-output'));
  assert.equal(seen.reporterOptions['./harness/report/results-reporter.ts']!.runDir, runDir);
  assert.equal(seen.reporterOptions['./harness/report/progress-reporter.ts']!.runDir, runDir);
  assert.equal(seen.reporterOptions.junit!.outputFile, path.join(runDir, 'junit.xml'));
  assert.equal(seen.reporterOptions.json!.outputFile, path.join(runDir, 'playwright.json'));
  assert.equal(seen.reporterOptions.html!.outputFolder, path.join(runDir, 'playwright-report'));
  for (const project of seen.use) assert.equal(project.runDir, runDir, `project ${project.name}`);
}

test('a plain `npx playwright test` decides one run folder, and a worker evaluating the config again finds the same', () => {
  const main = evaluateConfig({});
  const runDir = main.env.HIL_RUN_DIR!;
  assert.ok(runDir.startsWith(path.join(projectRoot, 'reports', main.env.HIL_RUN_ID!)), runDir);
  assertOneFolder(main, runDir);
  // A worker: forked later, with the main process's environment (so with what the config pinned in it).
  const worker = evaluateConfig({ HIL_RUN_ID: main.env.HIL_RUN_ID!, HIL_RUN_DIR: runDir });
  assertOneFolder(worker, runDir);
});

test('under hil qualify the config takes the run and the lab from the environment, unchanged', () => {
  const lab = { ...virtualLab(), boards: [{ name: 'left', kind: 'virtual', timeScale: 20, personalities: [] }, { name: 'right', kind: 'virtual', timeScale: 5, personalities: [] }] };
  const seen = evaluateConfig({ HIL_RUN_ID: 'q-7', HIL_RUN_DIR: '/tmp/hil-q-7', HIL_LAB_JSON: JSON.stringify(lab) });
  assert.deepEqual(seen.env, { HIL_RUN_ID: 'q-7', HIL_RUN_DIR: '/tmp/hil-q-7' });
  assertOneFolder(seen, '/tmp/hil-q-7');
  assert.deepEqual(seen.use.map((p) => p.name), ['left', 'right']);
  assert.equal(seen.reporterOptions['./harness/report/results-reporter.ts']!.runId, 'q-7');
  assert.deepEqual(seen.reporterOptions['./harness/report/progress-reporter.ts']!.timeScales, { left: 20, right: 5 });
});
