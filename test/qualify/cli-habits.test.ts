/**
 * One short qualification of a misbehaving virtual board (a wrong client id), then what a
 * lab engineer does with it: the summary as JSON on stdout, the Playwright report's steps
 * and attachments, the error framed at the spec line, `hil rejudge` on the recorded
 * inputs, and `--last-failed` picking the scenario that failed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { QualifySummaryJson } from '../../harness/cli/commands/qualify-json.ts';
import type { RunResults } from '../../harness/report/results.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-habits-'));
const reports = path.join(dir, 'reports');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const hil = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), ...args], { encoding: 'utf8', timeout: 5 * 60_000 });

interface PwStep {
  title: string;
  steps?: PwStep[];
}
interface PwResult {
  steps: PwStep[];
  attachments: { name: string; path?: string; contentType: string }[];
  errors: { location?: { file: string; line: number } }[];
}
function results(suite: { specs?: { tests: { results: PwResult[] }[] }[]; suites?: unknown[] }): PwResult[] {
  return [...(suite.specs ?? []).flatMap((s) => s.tests.flatMap((t) => t.results)), ...((suite.suites ?? []) as (typeof suite)[]).flatMap(results)];
}
const titles = (steps: PwStep[]): string[] => steps.flatMap((s) => [s.title, ...titles(s.steps ?? [])]);

test('a failing run: --json summary on stdout, steps and files in the Playwright report, hil rejudge, --last-failed', () => {
  const r = hil('qualify', '--virtual', '--time-scale', '20', '--personality', 'wrong-client-id', '--grep', 'CONNECT carries the configured', '--reports-dir', reports, '--json', '--reporter', 'line');
  assert.equal(r.status, 1, r.stderr.slice(-4000));
  const summary = JSON.parse(r.stdout) as QualifySummaryJson;
  assert.equal(summary.exitCode, 1);
  assert.equal(summary.status, 'failed');
  assert.equal(summary.scenarios, 1);
  assert.deepEqual(summary.failed.map((f) => [f.board, f.check]), [['virtual', 'connect.fields']]);
  assert.match(r.stderr, /FAIL virtual connect\.fields/, 'the human summary went to stderr');
  const runDir = summary.runDir;

  // The Playwright report: the scenario's actions as steps, the evidence as files, the error at the spec line.
  const pw = JSON.parse(fs.readFileSync(path.join(runDir, 'playwright.json'), 'utf8')) as { suites: Parameters<typeof results>[0][] };
  const [result] = pw.suites.flatMap(results);
  const steps = titles(result!.steps);
  for (const step of ['setup', 'fault primary', 'waitForSession primary', 'verifying ["connect.fields"]']) assert.ok(steps.some((t) => t.startsWith(step)), `no step "${step}" in ${JSON.stringify(steps)}`);
  for (const name of ['serial log', 'timeline']) {
    const a = result!.attachments.find((x) => x.name === name);
    assert.ok(a?.path && fs.statSync(a.path).size > 0, `${name} attached as a file`);
  }
  assert.match(result!.errors[0]!.location!.file, /scenarios\/connect\.spec\.ts$/, 'the error is framed at the spec, not the harness');

  // Re-judged on its recorded inputs: the same verdicts; then a recorded verdict made to differ shows as a change.
  const same = hil('rejudge', runDir);
  assert.equal(same.status, 1, same.stderr);
  assert.match(same.stdout, /^1 scenarios re-judged/);
  assert.match(same.stdout, /no verdict changed/);
  const file = path.join(runDir, 'results.json');
  const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults;
  const edited = { ...recorded, verdicts: recorded.verdicts.map((v) => (v.id === 'connect.fields' ? { ...v, verdict: 'pass' as const } : v)) };
  fs.writeFileSync(file, JSON.stringify(edited));
  const changed = hil('rejudge', runDir, '--json');
  const j = JSON.parse(changed.stdout) as { changes: { id: string; before?: { verdict: string }; after?: { verdict: string } }[] };
  assert.deepEqual(j.changes.map((c) => [c.id, c.before?.verdict, c.after?.verdict]), [['connect.fields', 'pass', 'fail']]);
  fs.writeFileSync(file, JSON.stringify(recorded));

  // --last-failed picks exactly the scenario that failed in reports/latest.
  const again = hil('qualify', '--virtual', '--last-failed', '--reports-dir', reports, '--list');
  assert.equal(again.status, 0, again.stderr);
  const listed = again.stdout.split('\n').filter((l) => l.includes(' › '));
  assert.equal(listed.length, 1, again.stdout);
  assert.match(listed[0]!, /connect\.spec\.ts:\d+:\d+ › connect › CONNECT carries the configured fields/);
});
