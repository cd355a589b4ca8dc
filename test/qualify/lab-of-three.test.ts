/**
 * A lab as a user writes it: two physical-kind boards (virtual boards started with
 * `hil virtual`, reached only through their pseudo-terminals, reset by RPC, each with
 * fixed broker ports of its own) and one built-in virtual board (ports counted up from a
 * base port), qualified by one `hil qualify`. Every board runs at the same time; no
 * board ever runs two scenarios at once (before, two spec files of one physical board ran
 * in two workers: PortBusyError on its own port); each board talks to its own brokers.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RunResults, ScenarioRecord } from '../../harness/report/results.ts';
import { quietPorts } from '../helpers/listen-ports.ts';
import { startVirtualBoard, type VirtualBoardProcess } from '../../harness/virtual/launcher.ts';

const root = path.resolve(import.meta.dirname, '../..');
const benches: VirtualBoardProcess[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-lab3-'));

before(async () => {
  for (const mac of ['A0B1C2000001', 'A0B1C2000002']) {
    benches.push(await startVirtualBoard({ mac, timeScale: 1, stateDir: path.join(dir, mac) }));
  }
});
after(async () => {
  await Promise.all(benches.map((b) => b.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

function hil(...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), ...args], { encoding: 'utf8', timeout: 8 * 60_000 });
}

const interval = (s: ScenarioRecord): [number, number] => {
  const start = Date.parse(s.startedAt!);
  return [start, start + s.durationMs];
};

test('two physical-kind boards and a virtual one are qualified at once, each alone on its port and brokers', async () => {
  // Four fixed ports for the benches, then two counted up from the base for the virtual board.
  const quiet = await quietPorts(6);
  const ports = quiet.slice(0, 4);
  const base = quiet[4]!;
  const config = path.join(dir, 'hil.config.mts');
  const physical = (i: number) => ({
    name: `bench-${i + 1}`,
    kind: 'physical',
    port: benches[i]!.path,
    reset: 'rpc',
    wifi: { ssid: 'lab-ap', pass: 'not-a-real-pass' },
    brokers: { primaryPort: ports[2 * i]!, backupPort: ports[2 * i + 1]! },
  });
  const lab = { host: '127.0.0.1', brokers: { basePort: base }, boards: [physical(0), physical(1), { name: 'sim', kind: 'virtual', timeScale: 1 }] };
  fs.writeFileSync(config, `export default ${JSON.stringify(lab, null, 2)};\n`);
  const reports = path.join(dir, 'reports');
  // connect.spec.ts and will.spec.ts: two spec files per board, short at real time.
  const r = hil('qualify', '--config', config, '--reports-dir', reports, '--grep', 'CONNECT carries|will');
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 0, out.slice(-4000));
  assert.doesNotMatch(out, /PortBusyError|Cannot lock port/);
  const results = JSON.parse(fs.readFileSync(path.join(reports, 'latest', 'results.json'), 'utf8')) as RunResults;
  const boards = ['bench-1', 'bench-2', 'sim'];
  for (const board of boards) {
    const own = results.scenarios.filter((s) => s.board === board).map(interval).sort((a, b) => a[0] - b[0]);
    assert.ok(own.length >= 2, `${board}: ${own.length} scenarios`);
    for (let i = 1; i < own.length; i++) assert.ok(own[i]![0] >= own[i - 1]![1], `${board} ran two scenarios at once: ${JSON.stringify(own)}`);
  }
  // All three at once: some instant lies inside a scenario of every board.
  const all = results.scenarios.map((s) => ({ board: s.board, span: interval(s) }));
  const together = all.some(({ span: [t] }) => boards.every((b) => all.some((x) => x.board === b && x.span[0] <= t && t < x.span[1])));
  assert.ok(together, `the boards did not run concurrently: ${JSON.stringify(all)}`);
  // Each board's scenarios pointed it at its own primary broker.
  const wantPort: Record<string, number> = { 'bench-1': ports[0]!, 'bench-2': ports[2]!, sim: base };
  for (const s of results.scenarios) {
    const input = JSON.parse(fs.readFileSync(path.join(reports, 'latest', s.checksInput!), 'utf8')) as { input: { config: { mqtt: { server: string } } } };
    assert.equal(input.input.config.mqtt.server, `127.0.0.1:${wantPort[s.board]}`, `${s.board} "${s.title}"`);
  }
});

test('two boards of one name are refused before anything runs', () => {
  const config = path.join(dir, 'dup.config.mts');
  fs.writeFileSync(config, `export default ${JSON.stringify({ boards: [{ name: 'b', kind: 'virtual' }, { name: 'b', kind: 'virtual' }] })};\n`);
  const r = hil('qualify', '--config', config, '--reports-dir', path.join(dir, 'dup-reports'));
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr + r.stdout, /board name "b" is already used by boards\[0\]/);
  assert.equal(fs.existsSync(path.join(dir, 'dup-reports')), false, 'no run folder for a refused lab');
});
