/**
 * Ctrl-C during `hil qualify`, for real: the run is finalised (status interrupted, the
 * finished verdicts kept, the scenario in flight on record, latest → it, index.html with
 * the INTERRUPTED badge), it exits 130, and nothing of it is left running or in /tmp.
 * A second Ctrl-C quits at once, still leaving a closed results.json and no process.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { RunResults } from '../../harness/report/results.ts';
import { descendantsOf, isAlive, pollUntil } from '../helpers/process-tree.ts';

const root = path.resolve(import.meta.dirname, '../..');

interface Started {
  child: ChildProcess;
  reports: string;
  tmp: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function start(): Started {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-interrupt-reports-'));
  // The run's own TMPDIR: whatever temp state it leaves behind is found there, and only its own.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-interrupt-tmp-'));
  const child = spawn(process.execPath, [path.join(root, 'bin/hil.js'), 'qualify', '--virtual', '--time-scale', '10', '--reports-dir', reports], {
    cwd: root,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, reports, tmp, output: () => out, exited };
}

function readResults(reports: string): RunResults | undefined {
  const latest = path.join(reports, 'latest', 'results.json');
  const file = fs.existsSync(latest) ? latest : fs.readdirSync(reports).map((d) => path.join(reports, d, 'results.json')).find((f) => fs.existsSync(f));
  if (!file) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults;
  } catch {
    return undefined; // replaced atomically, but read between a reporter's writes of other files
  }
}

function leftInTmp(tmp: string): string[] {
  return fs.readdirSync(tmp).filter((n) => n.startsWith('hil-'));
}

async function untilOneScenarioFinished(run: Started): Promise<RunResults> {
  // The run folder is not named before hil decides it: look for any results.json under reports/.
  return pollUntil(
    `a finished scenario in results.json under ${run.reports}; output so far:\n${run.output().slice(-2000)}`,
    () => {
      const found = fs.readdirSync(run.reports).filter((d) => d !== 'latest').map((d) => path.join(run.reports, d, 'results.json')).find((f) => fs.existsSync(f));
      if (!found) return undefined;
      try {
        const r = JSON.parse(fs.readFileSync(found, 'utf8')) as RunResults;
        return r.scenarios.length > 0 ? r : undefined;
      } catch {
        return undefined;
      }
    },
    100_000,
  );
}

test('SIGINT: exit 130, results.json interrupted with the finished verdicts, latest → the run, index.html, nothing left behind', { timeout: 150_000 }, async () => {
  const run = start();
  try {
    const before = await untilOneScenarioFinished(run);
    const processes = descendantsOf(run.child.pid!);
    assert.ok(processes.length >= 3, `expected Playwright, a worker and a virtual board under hil, found pids ${processes.join(', ')}`);
    const sentAt = Date.now();
    run.child.kill('SIGINT');
    const { code, at } = await run.exited;
    assert.equal(code, 130, run.output().slice(-3000));
    assert.ok(at - sentAt < 30_000, `took ${at - sentAt} ms to stop`);

    const latest = fs.readlinkSync(path.join(run.reports, 'latest'));
    assert.equal(latest, before.runId, 'latest points at the interrupted run');
    const results = readResults(run.reports)!;
    assert.equal(results.status, 'interrupted');
    assert.ok(results.finishedAt && Date.parse(results.finishedAt) >= Date.parse(results.startedAt));
    for (const v of before.verdicts) {
      assert.ok(results.verdicts.some((w) => w.id === v.id && w.scenario === v.scenario && w.verdict === v.verdict), `verdict ${v.id} of "${v.scenario}" kept`);
    }
    assert.deepEqual(results.inFlight ?? [], [], 'nothing is left in flight');
    const interrupted = results.scenarios.filter((s) => s.status === 'interrupted');
    assert.ok(interrupted.length <= 1, 'at most the one scenario in flight is interrupted');
    const runDir = path.join(run.reports, latest);
    const html = fs.readFileSync(path.join(runDir, 'index.html'), 'utf8');
    assert.match(html, /id="run-status">INTERRUPTED</);
    assert.ok(fs.existsSync(path.join(runDir, 'junit.xml')), 'junit.xml written by Playwright on its way out');
    assert.match(run.output(), new RegExp(`interrupted \\(SIGINT\\): the run so far is in ${runDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    const stray = await pollUntil('the run\'s processes to be gone', () => (processes.every((p) => !isAlive(p)) ? true : undefined), 5_000).catch(() => processes.filter(isAlive));
    assert.equal(stray, true, `processes of the run still alive: ${stray}`);
    assert.deepEqual(leftInTmp(run.tmp), [], 'no temp state (lab file, virtual flash) left');

    // A run that did not finish is not reported as good.
    const { spawnSync } = await import('node:child_process');
    const report = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), 'report', runDir, '--no-pdf'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(report.status, 2, report.stdout + report.stderr);
    assert.match(report.stdout, /INTERRUPTED/);
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
});

test('a second SIGINT quits at once: exit 130, results.json closed as interrupted, no process or temp state left', { timeout: 150_000 }, async () => {
  const run = start();
  try {
    await untilOneScenarioFinished(run);
    const processes = descendantsOf(run.child.pid!);
    const sentAt = Date.now();
    run.child.kill('SIGINT');
    // The second one as soon as hil has said it is stopping (it has then handed Playwright its SIGINT).
    await pollUntil('hil to announce the stop', () => (run.output().includes('SIGINT: stopping the scenarios') ? true : undefined), 5_000, 20);
    run.child.kill('SIGINT');
    const { code, at } = await run.exited;
    assert.equal(code, 130, run.output().slice(-3000));
    assert.ok(at - sentAt < 5_000, `quitting at once took ${at - sentAt} ms`);
    const results = readResults(run.reports)!;
    assert.equal(results.status, 'interrupted');
    assert.ok(results.finishedAt);
    assert.match(run.output(), /stopped at once: .*hil report/);
    const stray = await pollUntil('the run\'s processes to be gone', () => (processes.every((p) => !isAlive(p)) ? true : undefined), 5_000).catch(() => processes.filter(isAlive));
    assert.equal(stray, true, `processes of the run still alive: ${stray}`);
    assert.deepEqual(leftInTmp(run.tmp), []);
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
});
