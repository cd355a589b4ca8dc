/**
 * Opening something that is not a usable serial port fails with a typed error naming the
 * cause: a missing path, /dev/null or a regular file ("not a serial port"), a directory.
 * `hil call` and `hil console` turn it into exit 2 with that message, once.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PortMissingError, PortNotSerialError } from '../../harness/serial/errors.ts';
import { SerialLink } from '../../harness/serial/serial-link.ts';

const root = path.resolve(import.meta.dirname, '../..');

test('SerialLink.open: /dev/null, a file and a directory are PortNotSerialError; a missing path PortMissingError', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hil-port-')), 'not-a-tty');
  fs.writeFileSync(file, '');
  for (const p of ['/dev/null', file, os.tmpdir()]) {
    await assert.rejects(SerialLink.open({ path: p }), (err: Error) => {
      assert.ok(err instanceof PortNotSerialError, `${p}: ${err.name}: ${err.message}`);
      assert.match(err.message, new RegExp(`^${p.replace(/[/.]/g, '\\$&')} is not a serial port \\(serialport: .*\\)\\. Give the board's serial device`));
      return true;
    });
  }
  await assert.rejects(SerialLink.open({ path: '/dev/ttyUSB97' }), PortMissingError);
});

for (const cmd of [['call', '--port', '/dev/null', 'Sys.GetInfo'], ['console', '--port', '/dev/null']]) {
  test(`hil ${cmd.join(' ')}: exit 2, "is not a serial port", said once`, () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), ...cmd], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.equal(r.stderr.match(/\/dev\/null is not a serial port/g)?.length, 1, r.stderr);
    assert.match(r.stderr, /`npx hil boards` lists the ports this host has/);
  });
}
