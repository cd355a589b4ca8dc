/**
 * End to end through a real pseudo-terminal: `hil virtual` in its own process, `hil call`
 * in another, exactly as a user runs them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startVirtualBoard, type VirtualBoardProcess } from '../../harness/virtual/launcher.ts';

const root = path.resolve(import.meta.dirname, '../..');

function hilIn(env: Record<string, string>, ...args: string[]) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'MOS_PORT'));
  const r = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), ...args], { encoding: 'utf8', timeout: 30_000, env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hil = (...args: string[]) => hilIn({}, ...args);

describe('hil virtual + hil call', () => {
  let board: VirtualBoardProcess;
  let stateDir: string;

  before(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-e2e-'));
    board = await startVirtualBoard({ mac: '24:0a:c4:12:34:56', timeScale: 10, seed: 7, stateDir });
  });
  after(async () => {
    await board.stop();
  });

  test('the port path is a pseudo-terminal', () => {
    assert.match(board.path, /^\/dev\/pts\/\d+$/);
  });

  test('Sys.GetInfo has the real fields and the virtual board settings', () => {
    const r = hil('call', '--port', board.path, 'Sys.GetInfo');
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.id, 'esp32_123456');
    assert.equal(info.mac, '240AC4123456');
    assert.equal(info.arch, 'esp32');
    assert.equal(typeof info.fw_id, 'string');
    for (const key of ['app', 'fw_version', 'mg_version', 'mg_id', 'uptime', 'ram_size', 'ram_free', 'ram_min_free', 'fs_size', 'fs_free', 'wifi']) {
      assert.ok(key in info, `Sys.GetInfo lacks ${key}`);
    }
    assert.equal(info.time_scale, 10);
    assert.equal(info.jitter_seed, 7);
  });

  test('an unknown method exits 1 and prints the device error', () => {
    const r = hil('call', '--port', board.path, 'No.Such');
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), '404 No handler for No.Such');
  });

  test('a bad params JSON is a usage error (exit 2)', () => {
    const r = hil('call', '--port', board.path, 'Config.Get', '{nope');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not valid JSON/);
  });

  test('the port comes from --board NAME of the lab config, or MOS_PORT as mos takes it; --baud is checked', () => {
    const config = path.join(stateDir, 'hil.config.mts');
    const lab = { boards: [{ name: 'bench-1', kind: 'physical', port: board.path, reset: 'rpc', wifi: { ssid: 'lab-ap', pass: '' } }] };
    fs.writeFileSync(config, `export default ${JSON.stringify(lab)};\n`);
    const byBoard = hil('call', '--board', 'bench-1', '--config', config, '--baud', '115200', 'Sys.GetInfo');
    assert.equal(byBoard.code, 0, byBoard.stderr);
    assert.equal(JSON.parse(byBoard.stdout).mac, '240AC4123456');
    const typo = hil('call', '--board', 'bench1', '--config', config, 'Sys.GetInfo');
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /no board named "bench1" \(did you mean "bench-1"\?\)/);
    const byEnv = hilIn({ MOS_PORT: board.path }, 'call', 'Sys.GetInfo');
    assert.equal(byEnv.code, 0, byEnv.stderr);
    const none = hil('call', 'Sys.GetInfo');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give --port PORT, --board NAME, or set MOS_PORT/);
    const baud = hil('call', '--port', board.path, '--baud', 'fast', 'Sys.GetInfo');
    assert.equal(baud.code, 2);
    assert.match(baud.stderr, /--baud must be a whole number/);
  });

  test('a missing port exits 2 with what to do', () => {
    const r = hil('call', '--port', '/dev/does-not-exist', 'Sys.GetInfo');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /does not exist/);
    assert.match(r.stderr, /hil boards/);
  });

  test('Config.Set with save survives a reboot and a restart of the process', async () => {
    let r = hil('call', '--port', board.path, 'Config.Set', '{"config":{"mqtt":{"keep_alive":17}},"save":true}');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { saved: true });
    r = hil('call', '--port', board.path, 'Config.Set', '{"config":{"mqtt":{"client_id":"unsaved"}}}');
    assert.deepEqual(JSON.parse(r.stdout), { saved: false });
    r = hil('call', '--port', board.path, 'Sys.Reboot', '{"delay_ms":100}');
    assert.equal(r.code, 0, r.stderr);
    // After the reboot the board answers again, with the saved value and without the unsaved one.
    r = hil('call', '--port', board.path, '--timeout', '15000', 'Config.Get', '{"key":"mqtt"}');
    assert.equal(r.code, 0, r.stderr);
    const mqtt = JSON.parse(r.stdout);
    assert.equal(mqtt.keep_alive, 17);
    assert.equal(mqtt.client_id, '');
    await board.stop();
    board = await startVirtualBoard({ mac: '24:0a:c4:12:34:56', timeScale: 10, seed: 7, stateDir });
    r = hil('call', '--port', board.path, 'Config.Get', '{"key":"mqtt.keep_alive"}');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout), 17);
  });

  test('HIL.Status follows the contract', () => {
    const r = hil('call', '--port', board.path, 'HIL.Status');
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(typeof s.connected, 'boolean');
    assert.deepEqual(s.subs, []);
    assert.equal(s.max_qos, 2);
  });
});
