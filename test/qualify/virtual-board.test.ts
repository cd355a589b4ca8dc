/**
 * The main job end to end: `hil qualify --virtual`, as a user runs it, must pass every
 * non-TLS check of the design spec with its evidence; and the first delays of the backoff
 * schedule must hold at real time (time scale 1), not only when time is compressed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkIds } from '../../harness/checks/input.ts';
import type { RunResults } from '../../harness/report/results.ts';

const root = path.resolve(import.meta.dirname, '../..');

function qualify(...args: string[]): { code: number | null; out: string; results: RunResults } {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-qualify-'));
  const r = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), 'qualify', '--virtual', '--reports-dir', reports, ...args], {
    encoding: 'utf8',
    timeout: 9 * 60_000,
  });
  const file = path.join(reports, 'latest', 'results.json');
  assert.ok(fs.existsSync(file), `no results.json; output:\n${r.stdout}\n${r.stderr}`);
  return { code: r.status, out: r.stdout + r.stderr, results: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

test('hil qualify --virtual passes every non-TLS check, each with expected, observed and evidence', () => {
  const { code, out, results } = qualify('--time-scale', '10');
  assert.equal(code, 0, out.slice(-4000));
  assert.equal(results.status, 'passed');
  for (const id of checkIds) {
    const verdicts = results.verdicts.filter((v) => v.id === id);
    assert.ok(verdicts.length > 0, `no verdict for ${id}`);
    for (const v of verdicts) {
      assert.equal(v.verdict, 'pass', `${id} in "${v.scenario}": ${v.reason}`);
      assert.ok(v.expected !== undefined && v.expected !== null, `${id}: no expected`);
      assert.ok(v.observed !== undefined && v.observed !== null, `${id}: no observed`);
      assert.ok(v.evidence.length > 0, `${id}: no evidence`);
      assert.ok(v.source.length > 0, `${id}: no source`);
    }
  }
  const board = results.boards.virtual;
  assert.ok(board, 'no board record');
  assert.equal(board.info?.arch, 'esp32');
  assert.equal(typeof board.fwId, 'string');
  assert.equal(board.timeScale, 10);
  assert.match(results.harnessVersion, /^\d+\.\d+\.\d+/);
});

test('@realtime: at time scale 1 the first delays are 2, 4 and 8 s within their windows', () => {
  const { code, out, results } = qualify('--time-scale', '1', '--grep', '@realtime');
  assert.equal(code, 0, out.slice(-4000));
  const schedule = results.verdicts.find((v) => v.id === 'backoff.schedule');
  assert.ok(schedule, 'no backoff.schedule verdict');
  assert.equal(schedule.verdict, 'pass', schedule.reason);
  assert.equal(results.boards.virtual?.timeScale, 1);
  const observed = schedule.observed as { nominalMs: number; measuredMs: number }[];
  assert.deepEqual(observed.slice(0, 3).map((o) => o.nominalMs), [2000, 4000, 8000]);
  for (const o of observed.slice(0, 3)) {
    assert.ok(o.measuredMs >= 0.9 * o.nominalMs - 60 && o.measuredMs <= 1.1 * o.nominalMs + 60, JSON.stringify(o));
  }
});
