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

let board: VirtualBoardProcess;
let session: BoardSession;
const timeline = new Timeline();

before(async () => {
  board = await startVirtualBoard({ timeScale: 10 });
  session = await BoardSession.open({ name: 'bench-1', path: board.path, timeline, logPath: '/dev/null', chunking: true, timeScale: 10 });
});
after(async () => {
  await session.close();
  await board.stop();
});

test('DTR/RTS reset on a pseudo-terminal fails with a clear error naming the alternatives', async () => {
  await assert.rejects(createResetDriver('dtr-rts', { link: session.link, rpc: session.rpc }).reset(), (e: Error) => e instanceof ResetUnsupportedError && /no modem lines/.test(e.message) && /'rpc'/.test(e.message));
});

test('reset by RPC is seen as a new boot banner', async () => {
  const since = session.link.now();
  await new RpcReset(session.rpc, session.link).reset();
  const banner = await waitForBootBanner(session.link, { since, timeoutMs: 10_000 });
  assert.match(banner.text, /^Mongoose OS /);
  // RPC answers only once the firmware is up, after the banner: wait for its boot line.
  await session.waitForBoot(since);
  assert.ok(timeline.events({ kind: 'serial', since }).some((e) => e.kind === 'serial' && /^Mongoose OS /.test(e.line.text)), 'the banner is in the timeline');
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
