/**
 * The virtual board's MQTT client over WebSocket against the gate's WebSocket listener
 * (two independent sides: harness/virtual/mqtt/ws-transport.ts and ws's server): the
 * library's log lines (mgos_mqtt_ws_conn.c:99 and :102, mgos_mqtt_conn.c:187 with "WS"),
 * a session inside the upgrade, a wrong path refused with 404 and retried as a failed
 * attempt without a `disconnected` line, and a publish on the live session going out
 * unframed, as the library writes it outside its WebSocket handler.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { BrokerPair } from '../../../harness/brokers/broker-pair.ts';
import type { WsListener } from '../../../harness/brokers/ws-listener.ts';
import type { HilEvent } from '../../../harness/contract/hil.ts';
import { defaultDeviceConfig } from '../../../harness/virtual/config/schema.ts';
import { ScaledClock } from '../../../harness/virtual/device-clock.ts';
import { MqttClient } from '../../../harness/virtual/mqtt/client.ts';
import { faithful } from '../../../harness/virtual/personalities/faithful.ts';
import { mulberry32 } from '../../../harness/virtual/random.ts';

const SCALE = 20;

let pair: BrokerPair;
let listener: WsListener;
const cleanups: (() => void)[] = [];

after(async () => {
  for (const c of cleanups) c();
  await pair?.close();
});

function device(path: string) {
  const clock = new ScaledClock(SCALE);
  const config = defaultDeviceConfig();
  Object.assign(config.mqtt, { enable: true, server: `127.0.0.1:${listener.port}`, ws_enable: true, ws_path: path });
  const lines: string[] = [];
  const events: HilEvent[] = [];
  const client = new MqttClient({
    clock,
    random: mulberry32(7),
    config: () => config,
    deviceId: 'esp32_1CA848',
    connectTcp: (host, port) => net.connect({ host, port }),
    log: (file, line, message) => lines.push(`${file}:${line} ${message}`),
    event: (e) => events.push(e),
    logVariant: 'master',
    personality: faithful,
  });
  cleanups.push(() => clock.cancelAll(), () => client.destroy());
  return { client, lines, events };
}

async function until(what: string, done: () => boolean, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the virtual board over WebSocket, against the gate', { concurrency: false }, () => {
  it('upgrades to ws_path, logs as the library does, subscribes at CONNACK inside the frames; a publish on the live session goes out unframed and the gate closes', async () => {
    pair = await BrokerPair.start({ host: '127.0.0.1' });
    listener = await pair.primary.addWsListener('/hil/mqtt');
    const since = pair.timeline.now();
    const d = device('/hil/mqtt');
    d.client.boot();
    d.client.onIpAcquired();
    // Offline still (the TCP connect is under way): remembered, sent at CONNACK.
    d.client.sub('hil/ws/#', 1);
    await until('the SUBACK at the gate', () => pair.timeline.events({ kind: 'mqtt.packet', since }).some((e) => e.type === 'suback'));
    const hs = pair.timeline.events({ kind: 'ws.handshake', since });
    assert.deepEqual(hs.map((e) => [e.ok, e.path, e.protocols, e.host]), [[true, '/hil/mqtt', ['mqtt'], `127.0.0.1:${listener.port}`]]);
    assert.deepEqual(d.lines.slice(0, 5), [
      `mgos_mqtt_conn.c:442 MQTT0 connecting to 127.0.0.1:${listener.port}`,
      'mgos_mqtt_ws_conn.c:99 MQTT0 TCP connect ok (0)',
      'mgos_mqtt_ws_conn.c:102 MQTT0 sending WS handshake to /hil/mqtt',
      'mgos_mqtt_conn.c:187 MQTT0 WS connected ok (0)',
      'mgos_mqtt_conn.c:241 MQTT0 CONNACK 0',
    ]);
    // mgos_mqtt_pub on the live session: raw MQTT bytes where a frame header belongs.
    d.client.pub('hil/ws/up', 'direct', 1);
    const close = await pair.timeline.waitFor((e) => e.kind === 'tcp.close' && e.conn === hs[0]!.conn, { timeoutMs: 3000, since, description: 'the close' });
    assert.match((close as { reason?: string }).reason ?? '', /WS_ERR|Invalid WebSocket frame/);
    assert.equal(pair.timeline.events({ kind: 'mqtt.packet', since }).filter((e) => e.type === 'publish').length, 0, 'the gate decoded no PUBLISH');
    d.client.destroy();
  });

  it('a wrong path: 404, "WS connected ok" all the same, no "disconnected", the next attempt after the backoff', async () => {
    const since = pair.timeline.now();
    const d = device('/mqtt');
    d.client.boot();
    d.client.onIpAcquired();
    await until('two refused upgrades', () => pair.timeline.events({ kind: 'ws.handshake', since }).length >= 2, 8000);
    const hs = pair.timeline.events({ kind: 'ws.handshake', since });
    assert.deepEqual(hs.map((e) => [e.ok, e.status, e.path]).slice(0, 2), [[false, 404, '/mqtt'], [false, 404, '/mqtt']]);
    const firstAttempt = d.lines.slice(0, d.lines.findIndex((l) => l.includes('connecting after')) + 1).map((l) => l.replace(/^\S+ /, ''));
    assert.deepEqual(firstAttempt.slice(1, 4), ['MQTT0 TCP connect ok (0)', 'MQTT0 sending WS handshake to /mqtt', 'MQTT0 WS connected ok (0)']);
    assert.match(firstAttempt.at(-1) ?? '', /^MQTT0 connecting after \d+ ms$/);
    assert.ok(!d.lines.some((l) => l.endsWith('MQTT0 disconnected')), 'mgos_mqtt_ws_ev hands the close to the MQTT handler only after CONNACK 0');
    assert.equal(pair.timeline.events({ kind: 'mqtt.packet', since }).length, 0, 'nothing after the refused upgrade');
    assert.ok(d.events.every((e) => e.ev !== 'connack'));
  });
});
