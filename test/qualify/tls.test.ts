/**
 * The @tls scenarios on the faithful virtual board: every TLS check passes, and the run
 * folder holds no key material (issue: "no private key appears under reports/"). The
 * personalities that break TLS are shown failing their checks by the kill matrix.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { RunResults } from '../../harness/report/results.ts';
import { findKeyMaterial } from '../../harness/tls/key-scan.ts';

const root = path.resolve(import.meta.dirname, '../..');

test('@tls qualifies on the faithful virtual board, and no key lands in the run folder', () => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-tls-reports-'));
  const r = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), 'qualify', '--virtual', '--time-scale', '10', '--grep', '@tls', '--reports-dir', reports], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const runDir = fs.realpathSync(path.join(reports, 'latest'));
  const results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
  const ids = new Set(results.verdicts.filter((v) => v.verdict === 'pass').map((v) => v.id));
  for (const id of ['tls.server-auth', 'tls.mutual', 'tls.psk', 'tls.default-port']) assert.ok(ids.has(id as never), `${id} passed somewhere`);
  assert.deepEqual(findKeyMaterial(runDir), []);
  fs.rmSync(reports, { recursive: true, force: true });
});

test('the key scan finds a PEM key, its base64 and a PSK', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-keyscan-'));
  fs.writeFileSync(path.join(dir, 'a.log'), '-----BEGIN PRIVATE KEY-----\nMIG...\n');
  fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ data: Buffer.from('-----BEGIN EC PRIVATE KEY-----').toString('base64') }));
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ ssl_psk_key: '00112233445566778899aabbccddeeff' }));
  fs.writeFileSync(path.join(dir, 'd.json'), JSON.stringify({ ssl_psk_key: '***' }));
  assert.deepEqual(findKeyMaterial(dir).map((f) => f.file).sort(), ['a.log', 'b.json', 'c.json']);
  fs.rmSync(dir, { recursive: true, force: true });
});
