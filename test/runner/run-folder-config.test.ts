/**
 * playwright.config.ts is evaluated by the main Playwright process and again by every
 * worker, which inherits the main process's environment. These tests evaluate it the same
 * way, in child processes, and check that every evaluation lands in one run folder and
 * hands that folder to the reporters and the fixtures.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { virtualLab } from '../../harness/lab/load.ts';
import { filterOfArgv, projectRoot } from '../../harness/runner/settings.ts';

interface Seen {
  env: Record<string, string | undefined>;
  outputDir: string;
  reporterOptions: Record<string, { runDir?: string; outputFile?: string; outputFolder?: string; runId?: string; timeScales?: unknown; filter?: unknown }>;
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

function evaluateConfig(env: Record<string, string>, argv: string[] = []): Seen {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HIL_')));
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe, ...(argv.length > 0 ? ['--', ...argv] : [])], { cwd: projectRoot, env: { ...base, ...env }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Seen;
}

function assertOneFolder(seen: Seen, runDir: string): void {
  assert.equal(seen.outputDir, path.join(runDir, 'test-output'));
  assert.equal(seen.reporterOptions['./harness/report/results-reporter.ts']!.runDir, runDir);
  assert.equal(seen.reporterOptions['./harness/report/progress-reporter.ts']!.runDir, runDir);
  // junit.xml comes from the results reporter (harness/report/junit.ts), not Playwright's.
  assert.equal(seen.reporterOptions.junit, undefined);
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

test('a lab with secrets: the environment and every option the config hands to reporters and fixtures carry none; the lab file has them', async () => {
  const { runEnv, writeLabFile, boardWithSecrets } = await import('../../harness/runner/settings.ts');
  const { labConfig } = await import('../../harness/lab/schema.ts');
  const WIFI = 'Wifi-Secret-3e9d';
  const lab = labConfig.parse({ host: '10.0.0.9', boards: [{ name: 'bench-1', kind: 'physical', port: '/dev/ttyUSB0', wifi: { ssid: 'ap', pass: WIFI } }, { name: 'sim', kind: 'virtual' }] });
  const file = writeLabFile(lab);
  try {
    const env = runEnv({ runId: 'q-9', runDir: '/tmp/hil-q-9', lab, labFile: file.path });
    assert.ok(!JSON.stringify(env).includes(WIFI), 'no secret in the environment');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
const { default: config } = await import(${JSON.stringify(path.join(projectRoot, 'playwright.config.ts'))});
console.log(JSON.stringify({ projects: config.projects, reporter: config.reporter }));`], {
      cwd: projectRoot,
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HIL_'))), ...env },
      encoding: 'utf8',
    });
    const seen = out.trim().split('\n').at(-1)!;
    assert.match(seen, /"bench-1"/, 'the config did read the lab');
    assert.ok(!seen.includes(WIFI), 'no secret in the projects\' use or the reporters\' options (Playwright\'s JSON reporter writes them)');
    const redacted = lab.boards[0]!.kind === 'physical' ? { ...lab.boards[0]!, wifi: { ssid: 'ap', pass: '***' } } : lab.boards[0]!;
    const full = boardWithSecrets(redacted, env);
    assert.equal(full.kind === 'physical' ? full.wifi.pass : undefined, WIFI, 'the worker finds the password by the board\'s name');
    assert.equal(fs.statSync(file.path).mode & 0o777, 0o600);
  } finally {
    file.remove();
  }
  assert.ok(!fs.existsSync(file.path));
});

test('a plain `npx playwright test` with --grep, --grep-invert or --project is recorded as partial: its filter is read from the command line', () => {
  const boards = ['left', 'right'];
  assert.deepEqual(filterOfArgv(['node', 'playwright', 'test', '--grep', 'will'], boards), { grep: 'will' });
  assert.deepEqual(filterOfArgv(['node', 'playwright', 'test', '-g', 'will', '--grep-invert=@tls'], boards), { grep: 'will', grepInvert: '@tls' });
  assert.deepEqual(filterOfArgv(['node', 'playwright', 'test', '--project', 'left'], boards), { boards: { ran: ['left'], of: boards } });
  assert.deepEqual(filterOfArgv(['node', 'playwright', 'test', '--shard=2/3'], boards), { shard: { ran: [2], of: 3 } });
  assert.equal(filterOfArgv(['node', 'playwright', 'test'], boards), undefined);
  const seen = evaluateConfig({}, ['--grep', 'will']);
  assert.deepEqual(seen.reporterOptions['./harness/report/results-reporter.ts']!.filter, { grep: 'will' });
});
