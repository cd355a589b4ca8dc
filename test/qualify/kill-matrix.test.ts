/**
 * Check power: the qualification suite against every built-in personality of the virtual
 * board, each confined to the scenarios that judge the checks it must fail (the faithful
 * board runs them all). Each must fail the checks its deviation concerns and pass every other (see
 * harness/power/expected-kills.ts); the faithful board must pass everything. A lab's own
 * personality, loaded from a module path, must be caught too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { RunResults } from '../../harness/report/results.ts';
import { expectedKills } from '../../harness/power/expected-kills.ts';
import { judgeRow, runKillMatrix } from '../../harness/power/kill-matrix.ts';
import { renderMatrix } from '../../harness/power/render.ts';
import { builtInPersonalityNames } from '../../harness/virtual/personalities/registry.ts';

const root = path.resolve(import.meta.dirname, '../..');
const TIME_SCALE = 20;

test('every personality is caught by the checks it concerns, and only by those', async () => {
  assert.deepEqual([...builtInPersonalityNames].sort(), Object.keys(expectedKills).sort(), 'every built-in personality needs an expectation');
  const rows = await runKillMatrix({ personalities: [...builtInPersonalityNames], timeScale: TIME_SCALE });
  // The measured matrix, for the log (docs/check-power.md holds a copy).
  console.log(`\nkill matrix at time scale ${TIME_SCALE}:\n${renderMatrix(rows, expectedKills)}\n`);
  const problems = rows.flatMap((row) => {
    const j = judgeRow(row, expectedKills[row.personality]!);
    return [
      ...j.missed.map((id) => `${row.personality}: ${id} should fail but was ${row.cells[id]} (${row.runDir})`),
      ...j.falseAlarms.map((id) => `${row.personality}: ${id} should pass but was ${row.cells[id]} (${row.runDir})`),
      ...row.broken.map((s) => `${row.personality}: scenario "${s}" broke without a verdict (${row.runDir})`),
    ];
  });
  assert.deepEqual(problems, []);
  // Confined (harness/power/confine.ts): the faithful board runs every scenario, each personality a few.
  const faithful = rows.find((r) => r.personality === 'faithful')!;
  assert.equal(faithful.confinedTo, undefined);
  for (const row of rows) {
    if (row.personality === 'faithful') continue;
    assert.ok(Object.values(row.cells).includes('fail'), `${row.personality} was not caught`);
    assert.ok(row.confinedTo !== undefined && row.scenarioCount > 0 && row.scenarioCount < faithful.scenarioCount, `${row.personality}: ran ${row.scenarioCount} of ${faithful.scenarioCount} scenarios`);
  }
});

test('a personality module from outside the project, loaded by path, is caught', () => {
  // A lab's own repository of quirks: an ES module package of its own.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-quirk-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const quirk = path.join(dir, 'late-ping.personality.ts');
  fs.copyFileSync(path.join(root, 'docs/examples/late-ping.personality.ts'), quirk);
  // The copy lives outside the project: point its type import back at the harness.
  fs.writeFileSync(quirk, fs.readFileSync(quirk, 'utf8').replace('../../harness/', `${root}/harness/`));
  const reports = path.join(dir, 'reports');
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'bin/hil.js'), 'qualify', '--virtual', '--time-scale', String(TIME_SCALE), '--personality', path.relative(process.cwd(), quirk), '--reports-dir', reports, '--grep', 'keepalive'],
    { encoding: 'utf8', timeout: 5 * 60_000 },
  );
  assert.equal(r.status, 1, `expected exit 1 (a check failed):\n${r.stdout}\n${r.stderr}`);
  const results = JSON.parse(fs.readFileSync(path.join(reports, 'latest', 'results.json'), 'utf8')) as RunResults;
  assert.deepEqual(results.boards.virtual?.personalities, [quirk]);
  const ping = results.verdicts.filter((v) => v.id === 'keepalive.ping');
  assert.ok(ping.length > 0 && ping.every((v) => v.verdict === 'fail'), JSON.stringify(ping.map((v) => v.reason)));
  // Pinging late also delays giving up on a silent broker (the ping timeout runs from the ping).
  assert.equal(results.verdicts.find((v) => v.id === 'keepalive.silent-broker')?.verdict, 'fail');
});
