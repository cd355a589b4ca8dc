/**
 * The pre-flight of physical boards' ports: a missing path, a path that is no serial port
 * (/dev/null, a file, a directory), a free pseudo-terminal, and one another process holds.
 * Then the CLI: `hil qualify` refuses once, before any scenario, and `hil boards` exits 1.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { holdersOf } from '../../harness/boards/list-ports.ts';
import { characterDrivers, describeFailure, majorOf, preflight, probePort } from '../../harness/boards/preflight.ts';
import type { BoardSpec } from '../../harness/lab/schema.ts';
import { openPtyPeer } from '../helpers/pty-peer.ts';

const root = path.resolve(import.meta.dirname, '../..');
const wifi = { ssid: 'lab', pass: 'x' };
const physical = (name: string, port: string): BoardSpec => ({ name, kind: 'physical', port, reset: 'dtr-rts', wifi });
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** A child process that holds `device` open (as its stdin) until killed. */
async function holdOpen(device: string): Promise<ChildProcess> {
  const fd = fs.openSync(device, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
  const child = spawn('sleep', ['30'], { stdio: [fd, 'ignore', 'ignore'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  fs.closeSync(fd);
  return child;
}

test('a missing path is "not present", naming the board, the port and `hil boards`', () => {
  const failures = preflight([physical('bench-1', '/dev/ttyUSB97')], []);
  assert.deepEqual(failures, [{ board: 'bench-1', port: '/dev/ttyUSB97', problem: { kind: 'missing' } }]);
  assert.equal(describeFailure(failures[0]!), 'board bench-1: /dev/ttyUSB97 is not present: is it plugged in? `npx hil boards` lists the ports this host has.');
});

test('a board known by a USB serial number no port carries is missing', () => {
  const board: BoardSpec = { name: 'b', kind: 'physical', serialNumber: '0042', reset: 'dtr-rts', wifi };
  assert.deepEqual(preflight([board], [{ path: '/dev/ttyUSB0', serialNumber: '0001' }]), [{ board: 'b', port: 'USB serial number 0042', problem: { kind: 'missing' } }]);
});

test('/dev/null, a regular file and a directory are not serial ports', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hil-pre-')), 'tty');
  fs.writeFileSync(file, '');
  assert.deepEqual(probePort('/dev/null'), { kind: 'not-serial', what: 'a character device of driver mem' });
  assert.deepEqual(probePort(file), { kind: 'not-serial', what: 'a regular file' });
  assert.deepEqual(probePort(os.tmpdir()), { kind: 'not-serial', what: 'a directory' });
  assert.match(describeFailure({ board: 'x', port: '/dev/null', problem: probePort('/dev/null')! }), /^board x: \/dev\/null is not a serial port \(a character device of driver mem\)/);
});

test('/proc/devices is read for the character drivers only', () => {
  const drivers = characterDrivers('Character devices:\n  1 mem\n  4 tty\n  4 ttyS\n188 ttyUSB\n\nBlock devices:\n  7 loop\n');
  assert.deepEqual([...drivers], [[1, ['mem']], [4, ['tty', 'ttyS']], [188, ['ttyUSB']]]);
  assert.equal(majorOf(fs.statSync('/dev/null').rdev), 1);
});

test('a free pseudo-terminal passes; held by another process it is busy with that holder alone', async () => {
  const peer = openPtyPeer();
  try {
    // Our own hold (the peer keeps the slave open) does not count.
    assert.equal(probePort(peer.path), undefined);
    const child = await holdOpen(peer.path);
    const problem = probePort(peer.path);
    assert.deepEqual(problem, { kind: 'busy', holders: [{ pid: child.pid, name: 'sleep' }] });
    assert.match(describeFailure({ board: 'v', port: peer.path, problem: problem! }), new RegExp(`is held open by ${child.pid} \\(sleep\\): close that program`));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(probePort(peer.path), undefined);
  } finally {
    peer.close();
  }
});

test('holders are processes with that very device open, not every process with some fd', async () => {
  const a = openPtyPeer();
  const b = openPtyPeer();
  try {
    const child = await holdOpen(a.path);
    assert.deepEqual(holdersOf(a.path), [child.pid]);
    assert.deepEqual(holdersOf(b.path), []);
    assert.deepEqual(holdersOf('/dev/ttyUSB97'), [], 'a path that does not exist has no holders');
    child.kill('SIGKILL');
  } finally {
    a.close();
    b.close();
  }
});

function hil(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('hil qualify refuses a lab whose port is missing or not serial once, before any scenario (exit 2)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-pre-cli-'));
  const config = path.join(dir, 'hil.config.mts');
  fs.writeFileSync(
    config,
    `export default { boards: [
      { name: 'gone', kind: 'physical', port: '/dev/ttyUSB97', wifi: { ssid: 'lab', pass: 'x' } },
      { name: 'null', kind: 'physical', port: '/dev/null', wifi: { ssid: 'lab', pass: 'x' } },
    ] };\n`,
  );
  const r = hil(['qualify', '--config', config, '--reports-dir', path.join(dir, 'reports')], dir);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /2 boards cannot be used, so no scenario was started/);
  assert.equal(r.err.match(/ttyUSB97 is not present: is it plugged in\?/g)?.length, 1, r.err);
  assert.match(r.err, /board null: \/dev\/null is not a serial port/);
  assert.ok(!fs.existsSync(path.join(dir, 'reports')), 'no run folder: nothing ran');

  const boards = hil(['boards', '--config', config], dir);
  assert.equal(boards.code, 1, boards.out + boards.err);
  assert.match(boards.out, /gone\s+missing\s+wanted \/dev\/ttyUSB97: is it plugged in\?/);
  assert.match(boards.out, /null\s+not-serial\s+\/dev\/null is not a serial port/);
  assert.doesNotMatch(boards.out, /held by/);
});
