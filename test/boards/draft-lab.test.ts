/** `hil boards --write`: a lab config drafted from the adapters plugged in, valid as written, never over an existing file. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { draftBoards, draftLabSource } from '../../harness/boards/draft-lab.ts';
import type { PortInfo } from '../../harness/boards/list-ports.ts';
import { loadLab } from '../../harness/lab/load.ts';

const root = path.resolve(import.meta.dirname, '../..');
const ports: PortInfo[] = [
  { path: '/dev/ttyUSB0', vendorId: '10c4', productId: 'ea60', serialNumber: '0001A2B3' },
  { path: '/dev/ttyS0' },
  { path: '/dev/ttyACM0', vendorId: '303a', productId: '1001' },
  { path: '/dev/ttyUSB1', vendorId: '0403', productId: '6001', serialNumber: 'FT123' },
];

test('one board per recognised ESP32 adapter, by USB serial number when it has one, else by port', () => {
  const boards = draftBoards(ports);
  assert.deepEqual(
    boards.map(({ name, port, serialNumber, adapter }) => ({ name, port, serialNumber, adapter })),
    [
      { name: 'bench-1', port: undefined, serialNumber: '0001A2B3', adapter: 'Silicon Labs CP210x on /dev/ttyUSB0' },
      { name: 'bench-2', port: '/dev/ttyACM0', serialNumber: undefined, adapter: 'Espressif native USB (ESP32-S2/S3/C3) on /dev/ttyACM0' },
      { name: 'bench-3', port: undefined, serialNumber: 'FT123', adapter: 'FTDI FT232R on /dev/ttyUSB1' },
    ],
  );
  assert.ok(boards.every((b) => b.kind === 'physical' && b.reset === 'dtr-rts'));
});

test('the drafted hil.config.ts loads as a lab config, with its Wi-Fi password read from LAB_WIFI_PASS', async () => {
  const file = path.join(root, `.draft-lab-test-${process.pid}.mts`);
  fs.writeFileSync(file, draftLabSource(draftBoards(ports)));
  const before = process.env.LAB_WIFI_PASS;
  process.env.LAB_WIFI_PASS = 'from-env';
  try {
    const lab = await loadLab(file);
    assert.ok(lab);
    assert.equal(lab.boards[0]!.name, 'bench-1');
    assert.equal(lab.boards[0]!.kind === 'physical' && lab.boards[0]!.serialNumber, '0001A2B3');
    assert.equal(lab.boards[0]!.kind === 'physical' && lab.boards[0]!.wifi.pass, 'from-env');
  } finally {
    if (before === undefined) delete process.env.LAB_WIFI_PASS;
    else process.env.LAB_WIFI_PASS = before;
    fs.rmSync(file, { force: true });
  }
});

test('hil boards --write never overwrites a file, and says so', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-draft-'));
  const file = path.join(dir, 'hil.config.ts');
  fs.writeFileSync(file, '// mine\n');
  const r = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), 'boards', '--write', '--config', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  // On a host with adapters the file exists; on one without, there is nothing to draft: both refuse.
  assert.match(r.stderr, /exists: it is never overwritten|no ESP32 USB adapter is plugged in/);
  assert.equal(fs.readFileSync(file, 'utf8'), '// mine\n');
  fs.rmSync(dir, { recursive: true, force: true });
});
