/**
 * The physical-board code path — reset, configure (Wi-Fi, mqtt, mqtt1 written, saved,
 * reboot seen, Wi-Fi IP seen, config read back), reboot detection — run against a virtual
 * board through its pseudo-terminal, with the 16-byte chunked writes used for real boards.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BoardSession } from '../../harness/runner/board-session.ts';
import { createResetDriver, ResetUnsupportedError, RpcReset, waitForBootBanner } from '../../harness/boards/reset/index.ts';
import { Timeline } from '../../harness/timeline/timeline.ts';
import { mqttSection } from '../../harness/virtual/config/schema.ts';
import { startVirtualBoard, type VirtualBoardProcess } from '../../harness/virtual/launcher.ts';
import { DeviceTime } from '../../harness/time/device-time.ts';

let board: VirtualBoardProcess;
let session: BoardSession;
const timeline = new Timeline();

before(async () => {
  board = await startVirtualBoard({ timeScale: 10 });
  session = await BoardSession.open({ name: 'bench-1', path: board.path, timeline, logPath: '/dev/null', chunking: true, time: new DeviceTime(10, 300) });
});
after(async () => {
  await session.close();
  await board.stop();
});

test('DTR/RTS reset on a pseudo-terminal fails with a clear error naming the alternatives', async () => {
  await assert.rejects(createResetDriver('dtr-rts', { link: session.link, rpc: session.rpc }).reset(), (e: Error) => e instanceof ResetUnsupportedError && /no modem lines/.test(e.message) && /'rpc'/.test(e.message));
});

test('reset by RPC is seen as a new boot banner, printed through the logger as on an ESP32', async () => {
  const info = await session.rpc.call<{ mg_version: string; mg_id: string }>('Sys.GetInfo');
  const since = session.link.now();
  await new RpcReset(session.rpc, session.link).reset();
  const banner = await waitForBootBanner(session.link, { since, timeoutMs: 10_000 });
  // A real ESP32 prints its banner with the 24-column log prefix (serial-and-rpc.md "Log
  // lines"; R0G-DEV/espcam-app-mos's capture: `mgos_freertos.c:177     Mongoose OS 2.15.0 (…)`).
  // The message is what identifies it; the prefix only has to be a prefix.
  assert.match(banner.text, /^\S+:\d+ +Mongoose OS \S+ \(/);
  assert.equal(banner.text.indexOf('Mongoose OS'), 24, 'the message starts at column 24');
  assert.ok(banner.source, 'the banner line carries its file:line source');
  assert.equal(banner.value, `${info.mg_version} (${info.mg_id})`, 'the banner names the firmware Sys.GetInfo reports');
  // RPC answers only once the firmware is up, after the banner: wait for its boot line.
  await session.waitForBoot(since);
  const serial = timeline.events({ kind: 'serial', since }).flatMap((e) => (e.kind === 'serial' ? [e.line as { type: string; text: string; reboot?: boolean; rpcRequest?: { method: string } }] : []));
  assert.equal(serial.filter((l) => l.type === 'banner' && l.reboot === true).length, 1, 'one boot in the timeline');
  // rpc-common logs the reset's own request (`Sys.Reboot via UART UART0`, mg_rpc.c) before the
  // board restarts: a log line about an RPC, not a boot.
  const request = serial.findIndex((l) => l.type === 'log' && l.rpcRequest?.method === 'Sys.Reboot');
  assert.ok(request >= 0, 'the Sys.Reboot request is logged');
  assert.ok(request < serial.findIndex((l) => l.type === 'banner' && l.reboot === true), 'and comes before the new banner');
});

test('configure: Wi-Fi, mqtt and mqtt1 written and saved, reboot and IP seen, read back', async () => {
  const config = {
    mqtt: { ...mqttSection.parse({}), enable: true, server: '127.0.0.1:18830', keep_alive: 30, pass: 'mqtt-secret', user: 'u' },
    mqtt1: { ...mqttSection.parse({}), enable: true, server: '127.0.0.1:18831' },
    wifi: { ssid: 'lab-ap', pass: 'wifi-secret' },
  };
  const booted = await session.prepare(config);
  await session.confirm(config, booted);
  const ssid = await session.rpc.call('Config.Get', { key: 'wifi.sta.ssid' });
  assert.equal(ssid, 'lab-ap');
  // A second reboot keeps it: it was saved.
  await session.reboot();
  assert.equal(await session.rpc.call('Config.Get', { key: 'mqtt.server' }), '127.0.0.1:18830');
});

test('a board that does not keep what was written is reported, without its secrets', async () => {
  const config = {
    mqtt: { ...mqttSection.parse({}), enable: true, server: '127.0.0.1:18830', pass: 'mqtt-secret' },
    mqtt1: mqttSection.parse({}),
  };
  const booted = await session.prepare(config);
  // What the board would have to hold: a different password and server than it holds.
  const expected = { ...config, mqtt: { ...config.mqtt, server: '127.0.0.1:1', pass: 'other-secret' } };
  await assert.rejects(session.confirm(expected, booted), (e: Error) => {
    assert.match(e.message, /mqtt\.server: wrote "127\.0\.0\.1:1", reads "127\.0\.0\.1:18830"/);
    assert.match(e.message, /mqtt\.pass \(secret: differs\)/);
    assert.doesNotMatch(e.message, /secret"/);
    assert.doesNotMatch(e.message, /mqtt-secret|other-secret/);
    return true;
  });
});
