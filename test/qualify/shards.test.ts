/**
 * `hil qualify --shard i/n` twice on one machine, at once, then `hil report --merge`: one
 * run folder whose results.json holds every scenario of the run exactly once, on one
 * board, with both shards' verdicts; narrowed by --grep (to stay short), so PARTIAL,
 * never passed. A Playwright report of both shards is drawn from their blob reports.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { type RunResults, WHOLE_RUN } from '../../harness/report/results.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-shards-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const grep = 'CONNECT carries|will';
const hil = path.join(root, 'bin/hil.js');

function qualifyShard(i: number): Promise<{ status: number | null; out: string }> {
  const args = [hil, 'qualify', '--virtual', '--time-scale', '20', '--grep', grep, '--shard', `${i}/2`, '--run-id', `shard-${i}`, '--reports-dir', path.join(tmp, 'reports')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    const limit = setTimeout(() => child.kill('SIGINT'), 6 * 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(limit);
      resolve({ status, out });
    });
  });
}

const results = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as RunResults;
const key = (s: { file: string; title: string }) => `${s.file} › ${s.title}`;

test('two shards at once on one machine merge into one run: every scenario once, both shards\' verdicts, PARTIAL', async () => {
  const [one, two] = await Promise.all([qualifyShard(1), qualifyShard(2)]);
  for (const r of [one, two]) assert.equal(r.status, 0, r.out.slice(-4000));
  const shards = [1, 2].map((i) => results(path.join(tmp, 'reports', `shard-${i}`)));
  for (const [n, s] of shards.entries()) {
    assert.equal(s.status, 'partial', `shard ${n + 1} alone is no qualification`);
    assert.deepEqual(s.filter?.shard, { ran: [n + 1], of: 2 });
    assert.ok(s.scenarios.length > 0, `shard ${n + 1} ran something`);
  }
  // What the whole (unsharded) run holds, as Playwright lists it.
  const listed = spawnSync(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--config', path.join(root, 'playwright.config.ts'), '--list', '--grep', grep], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, HIL_RUN_ID: 'list', HIL_RUN_DIR: path.join(tmp, 'list') },
  });
  const expected = [...listed.stdout.matchAll(/^ {2}\[virtual\] › (\S+\.spec\.ts):\d+:\d+ › [^›]+ › (.+)$/gm)].map((m) => `${m[1]} › ${m[2]}`).sort();
  assert.ok(expected.length >= 2, listed.stdout);

  const out = path.join(tmp, 'merged');
  const merge = spawnSync(process.execPath, [hil, 'report', '--merge', ...shards.map((s) => path.join(tmp, 'reports', s.runId)), '--out', out, '--no-pdf'], { cwd: root, encoding: 'utf8', timeout: 2 * 60_000 });
  assert.equal(merge.status, 0, merge.stdout + merge.stderr);
  const merged = results(out);
  assert.deepEqual(merged.scenarios.map(key).sort(), expected, 'every scenario exactly once');
  assert.deepEqual(Object.keys(merged.boards), ['virtual'], 'one board, not one per shard');
  // Each scenario's verdicts come over as they were; each shard's whole-run verdicts judged
  // only its half of the run, so the merge judges the whole run again: one per board and id.
  const perScenario = (r: RunResults) => r.verdicts.filter((v) => v.scenario !== WHOLE_RUN);
  assert.equal(perScenario(merged).length, perScenario(shards[0]!).length + perScenario(shards[1]!).length);
  const wholeRun = merged.verdicts.filter((v) => v.scenario === WHOLE_RUN).map((v) => `${v.board} ${v.id}`);
  assert.deepEqual(wholeRun, [...new Set(wholeRun)], 'one whole-run verdict per board and check');
  assert.deepEqual(new Set(wholeRun), new Set(shards.flatMap((s) => s.verdicts.filter((v) => v.scenario === WHOLE_RUN).map((v) => `${v.board} ${v.id}`))));
  assert.ok(merged.verdicts.length > 0 && merged.verdicts.every((v) => v.verdict !== 'fail'));
  assert.equal(merged.status, 'partial', 'the shards were narrowed by --grep');
  assert.equal(merged.filter?.grep, grep);
  assert.equal(merged.filter?.shard, undefined, 'both shards are there');
  assert.match(merge.stdout, /PARTIAL: not a qualification — only scenarios matching/);
  assert.ok(fs.existsSync(path.join(out, 'playwright-report', 'index.html')), 'one Playwright report of both shards');
});
