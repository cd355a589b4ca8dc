/**
 * The virtual board's MQTT client against a real aedes broker on 127.0.0.1, with a scaled
 * device clock: the session as the broker sees it, a broker restart (reconnect,
 * re-subscription, queue replay with DUP = 1), and reconnect delays in wall time.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { Aedes } from 'aedes';
import type { HilEvent } from '../../../harness/contract/hil.ts';
import { libraryLog } from '../../../harness/contract/library-log.ts';
import { defaultDeviceConfig } from '../../../harness/virtual/config/schema.ts';
import { ScaledClock } from '../../../harness/virtual/device-clock.ts';
import { MqttClient } from '../../../harness/virtual/mqtt/client.ts';
import { faithful } from '../../../harness/virtual/personalities/faithful.ts';
import { mulberry32 } from '../../../harness/virtual/random.ts';

const SCALE = 20;
/** Wall-clock slack per measured delay, ms (timer and loopback latency), so ε = 25 × SCALE device ms. */
const WALL_SLACK_MS = 25;
const EPSILON_DEVICE_MS = WALL_SLACK_MS * SCALE;

/** A list that test code can wait on: resolves when an entry satisfying the predicate arrives, or fails at the deadline. */
class Recorder<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<() => void>();

  push(item: T): void {
    this.items.push(item);
    for (const w of [...this.#waiters]) w();
  }

  waitFor(what: string, done: (items: readonly T[]) => boolean, timeoutMs = 5000): Promise<void> {
    if (done(this.items)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.items)) return;
        cleanup();
        resolve();
      };
      const deadline = setTimeout(() => {
        cleanup();
        reject(new Error(`waited ${timeoutMs} ms for ${what}; last entries: ${JSON.stringify(this.items.slice(-8))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(deadline);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
    });
  }
}

interface BrokerEvent {
  ev: 'subscribe' | 'publish' | 'client';
  topic?: string;
  qos?: number;
  dup?: boolean;
  mid?: number;
  payload?: string;
}

interface RunningBroker {
  port: number;
  events: Recorder<BrokerEvent>;
  publish(topic: string, payload: string, qos: 0 | 1): Promise<void>;
  stop(): Promise<void>;
}

async function startBroker(port = 0): Promise<RunningBroker> {
  const broker = await Aedes.createBroker();
  const events = new Recorder<BrokerEvent>();
  broker.on('client', () => events.push({ ev: 'client' }));
  broker.on('subscribe', (subs, client) => {
    if (client === null) return;
    for (const s of subs) events.push({ ev: 'subscribe', topic: s.topic, qos: s.qos });
  });
  broker.on('publish', (packet, client) => {
    if (client === null) return;
    events.push({ ev: 'publish', topic: packet.topic, qos: packet.qos, dup: packet.dup, mid: packet.messageId, payload: packet.payload.toString() });
  });
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('broker did not get a TCP port');
  return {
    port: address.port,
    events,
    publish: (topic, payload, qos) =>
      new Promise((resolve, reject) =>
        broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false }, (err) =>
          err ? reject(err) : resolve(),
        ),
      ),
    stop: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

interface Device {
  client: MqttClient;
  clock: ScaledClock;
  lines: Recorder<{ wall: number; message: string }>;
  events: Recorder<HilEvent>;
}

function startDevice(port: number): Device {
  const clock = new ScaledClock(SCALE);
  const config = defaultDeviceConfig();
  Object.assign(config.mqtt, { enable: true, server: `127.0.0.1:${port}` });
  const lines = new Recorder<{ wall: number; message: string }>();
  const events = new Recorder<HilEvent>();
  const client = new MqttClient({
    clock,
    random: mulberry32(2026),
    config: () => config,
    deviceId: 'esp32_1CA848',
    connectTcp: (host, p) => net.connect({ host, port: p }),
    log: (_file, _line, message) => lines.push({ wall: performance.now(), message }),
    event: (e) => events.push(e),
    logVariant: 'master',
    personality: faithful,
  });
  client.boot();
  client.onIpAcquired();
  return { client, clock, lines, events };
}

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('against a real aedes broker on 127.0.0.1', () => {
  it('connects, subscribes, publishes QoS 1 and receives, as the broker sees it', async () => {
    const broker = await startBroker();
    cleanups.push(() => broker.stop());
    const device = startDevice(broker.port);
    cleanups.push(() => device.clock.cancelAll(), () => device.client.destroy());
    await device.events.waitFor('connack', (es) => es.some((e) => e.ev === 'connack'));
    device.client.sub('hil/in/#');
    await broker.events.waitFor('SUBSCRIBE hil/in/#', (es) => es.some((e) => e.ev === 'subscribe' && e.topic === 'hil/in/#'));
    const id = device.client.pub('devices/esp32_1CA848/state', '{"on":true}', 1);
    await broker.events.waitFor('the PUBLISH', (es) => es.some((e) => e.ev === 'publish' && e.mid === id));
    const pub = broker.events.items.find((e) => e.ev === 'publish' && e.mid === id)!;
    assert.deepEqual(pub, { ev: 'publish', topic: 'devices/esp32_1CA848/state', qos: 1, dup: false, mid: id, payload: '{"on":true}' });
    assert.equal(broker.events.items.find((e) => e.ev === 'subscribe')!.qos, 1);
    await device.events.waitFor('puback', (es) => es.some((e) => e.ev === 'puback' && e.packet_id === id));
    await broker.publish('hil/in/x', 'hello', 1);
    await device.events.waitFor('msg', (es) => es.some((e) => e.ev === 'msg'));
    const msg = device.events.items.find((e) => e.ev === 'msg') as Extract<HilEvent, { ev: 'msg' }>;
    assert.equal(msg.topic, 'hil/in/x');
    assert.equal(msg.msg, 'hello');
    assert.equal(msg.qos, 1);
    assert.ok(device.client.status().connected);
  });

  it('after a broker restart on the same port: reconnects, re-subscribes and replays the queue with DUP = 1', async () => {
    const first = await startBroker();
    const device = startDevice(first.port);
    cleanups.push(() => device.clock.cancelAll(), () => device.client.destroy());
    await device.events.waitFor('connack', (es) => es.some((e) => e.ev === 'connack'));
    device.client.sub('hil/in/#');
    device.client.sub('devices/esp32_1CA848/cmd');
    await first.events.waitFor('two SUBSCRIBEs', (es) => es.filter((e) => e.ev === 'subscribe').length === 2);
    await first.stop();
    await device.events.waitFor('close', (es) => es.some((e) => e.ev === 'close'));
    const queued = device.client.pub('devices/esp32_1CA848/state', '{"on":false}', 1);
    const dropped = device.client.pub('devices/esp32_1CA848/state', 'qos0', 0);
    assert.equal(device.client.status().queue_len, 1);
    const second = await startBroker(first.port);
    cleanups.push(() => second.stop());
    await second.events.waitFor('the replay and both SUBSCRIBEs', (es) => {
      const subs = es.filter((e) => e.ev === 'subscribe').map((e) => e.topic);
      return es.some((e) => e.ev === 'publish' && e.mid === queued) && subs.includes('hil/in/#') && subs.includes('devices/esp32_1CA848/cmd');
    }, 10_000);
    const replay = second.events.items.find((e) => e.ev === 'publish' && e.mid === queued)!;
    assert.equal(replay.dup, true);
    assert.equal(replay.qos, 1);
    assert.equal(replay.payload, '{"on":false}');
    assert.ok(!second.events.items.some((e) => e.ev === 'publish' && e.mid === dropped), 'QoS 0 made offline never reaches the broker');
    await device.events.waitFor('the replay PUBACK', (es) => es.some((e) => e.ev === 'puback' && e.packet_id === queued));
    assert.equal(device.client.status().queue_len, 0);
  });

  it(`waits the printed delays in wall time × ${SCALE}, within [0.9·d − ε, 1.1·d + ε], ε = ${EPSILON_DEVICE_MS} device ms`, async () => {
    const port = await closedPort();
    const device = startDevice(port);
    cleanups.push(() => device.clock.cancelAll(), () => device.client.destroy());
    await device.lines.waitFor('4 attempts', (ls) => ls.filter((l) => libraryLog.connectingTo.test(l.message)).length >= 4, 10_000);
    device.client.destroy();
    const lines = device.lines.items;
    const nominal = [2000, 4000, 8000];
    let k = 0;
    for (let i = 0; i < lines.length && k < nominal.length; i++) {
      const m = libraryLog.connectingAfter.exec(lines[i]!.message);
      if (m === null) continue;
      const ended = lines[i - 1]!; // "MQTT0 disconnected": the end of the attempt
      const next = lines.slice(i + 1).find((l) => libraryLog.connectingTo.test(l.message))!;
      const measured = (next.wall - ended.wall) * SCALE;
      const d = nominal[k]!;
      assert.ok(
        measured >= 0.9 * d - EPSILON_DEVICE_MS && measured <= 1.1 * d + EPSILON_DEVICE_MS,
        `delay #${k + 1}: measured ${measured.toFixed(0)} device ms, nominal ${d}, printed ${m[1]}`,
      );
      assert.ok(Math.abs(measured - Number(m[1])) <= EPSILON_DEVICE_MS, `delay #${k + 1}: measured ${measured.toFixed(0)} vs printed ${m[1]}`);
      k++;
    }
    assert.equal(k, nominal.length);
  });
});
