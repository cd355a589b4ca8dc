import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LabConfigError, loadLab, parseLab, virtualLab } from '../../harness/lab/load.ts';

const physical = { name: 'bench-1', kind: 'physical', port: '/dev/ttyUSB0', wifi: { ssid: 'lab', pass: 'x' } };

test('a typo in a key is rejected, naming the key and where it is', () => {
  assert.throws(
    () => parseLab({ boards: [{ ...physical, rest: 'dtr-rts' }] }, 'hil.config.ts'),
    (e: Error) => e instanceof LabConfigError && /Unrecognized key.*"rest"/.test(e.message) && /boards\[0\]/.test(e.message),
  );
  assert.throws(() => parseLab({ boards: [physical], brokers: { primaryPrt: 1883 } }, 'hil.config.ts'), /primaryPrt[\s\S]*brokers|brokers[\s\S]*primaryPrt/);
});

test('wrong values say what is expected', () => {
  assert.throws(() => parseLab({ boards: [{ ...physical, reset: 'jtag' }] }, 'x'), /reset/);
  assert.throws(() => parseLab({ boards: [{ name: 'b', kind: 'physical', wifi: { ssid: 'lab', pass: '' } }] }, 'x'), /give the board a `port`/);
  assert.throws(() => parseLab({ boards: [] }, 'x'), /boards/);
  // A virtual board's own scenario filter (the confined kill matrix) must compile.
  assert.throws(() => parseLab({ boards: [{ name: 'v', kind: 'virtual', scenarios: 'backoff(' }] }, 'x'), /not a regular expression.*at boards\[0\]\.scenarios/s);
  assert.equal(parseLab({ boards: [{ name: 'v', kind: 'virtual', scenarios: 'backoff' }] }, 'x').boards[0]?.kind, 'virtual');
});

test('defaults: reset by DTR/RTS, brokers on any free port of 127.0.0.1, mos from PATH', () => {
  const lab = parseLab({ boards: [physical] }, 'x');
  const b = lab.boards[0]!;
  assert.equal(b.kind === 'physical' && b.reset, 'dtr-rts');
  assert.deepEqual(lab.brokers, { bind: '127.0.0.1', primaryPort: 0, backupPort: 0 });
  assert.equal(lab.mos, 'mos');
  assert.equal(virtualLab().boards[0]?.kind, 'virtual');
});

test('no hil.config.ts: undefined (the caller uses a virtual board); an explicit missing file is an error', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-lab-'));
  assert.equal(await loadLab(undefined, dir), undefined);
  await assert.rejects(loadLab('nope.ts', dir), /does not exist/);
});

test('a config file: validated, and personality paths taken relative to it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-lab-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  fs.writeFileSync(path.join(dir, 'hil.config.ts'), "export default { boards: [{ name: 'v', kind: 'virtual', personalities: ['./quirks/a.ts', 'no-failover'] }] };\n");
  const lab = await loadLab(undefined, dir);
  const v = lab?.boards[0];
  assert.ok(v && v.kind === 'virtual');
  assert.deepEqual(v.personalities, [path.join(dir, 'quirks/a.ts'), 'no-failover']);
  fs.writeFileSync(path.join(dir, 'bad.config.ts'), "export default { boards: [{ name: 'v', kind: 'virtual', timescale: 5 }] };\n");
  await assert.rejects(loadLab('bad.config.ts', dir), (e: Error) => e instanceof LabConfigError && /timescale/.test(e.message) && /bad\.config\.ts/.test(e.message));
});
