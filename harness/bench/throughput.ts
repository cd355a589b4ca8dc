/**
 * Messages per second through one broker: straight aedes on a TCP socket, and the
 * harness's broker (aedes behind its fault gate, every packet recorded in a timeline, as
 * in a scenario). A publisher sends `count` messages at `qos` (QoS 1: each in flight
 * until its PUBACK, as mqtt.js sends them) to a subscriber on the same broker; the rate
 * is count ÷ time until the subscriber has them all. Loopback only.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { Broker } from '../brokers/broker.ts';
import { JsonlSink } from '../timeline/jsonl-sink.ts';
import { Timeline } from '../timeline/timeline.ts';

export type Path = 'aedes' | 'gate';

const WINDOW = 200;

async function transfer(port: number, qos: 0 | 1, count: number, deadlineMs: number): Promise<number> {
  const url = `mqtt://127.0.0.1:${port}`;
  const sub = await mqtt.connectAsync(url, { clientId: 'bench-sub', reconnectPeriod: 0 });
  const pub = await mqtt.connectAsync(url, { clientId: 'bench-pub', reconnectPeriod: 0 });
  try {
    await sub.subscribeAsync('bench/t', { qos });
    const payload = Buffer.alloc(64, 'x');
    let received = 0;
    const all = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${received} of ${count} messages within ${deadlineMs} ms`)), deadlineMs);
      sub.on('message', () => {
        if (++received === count) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const t0 = performance.now();
    // A window of publishes in flight, as a busy client has: not 10 000 queued at once.
    for (let sent = 0; sent < count; ) {
      const batch = Math.min(WINDOW, count - sent);
      await Promise.all(Array.from({ length: batch }, () => pub.publishAsync('bench/t', payload, { qos })));
      sent += batch;
    }
    await all;
    return count / ((performance.now() - t0) / 1000);
  } finally {
    await Promise.all([pub.endAsync(true), sub.endAsync(true)]);
  }
}

/** msg/s through `path` at `qos`. */
export async function measureThroughput(through: Path, qos: 0 | 1, count: number): Promise<{ msgPerS: number; timelineEvents: number }> {
  const deadlineMs = 120_000;
  if (through === 'aedes') {
    const aedes = await Aedes.createBroker({ id: 'bench-aedes' });
    const server = net.createServer((socket) => aedes.handle(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const msgPerS = await transfer((server.address() as net.AddressInfo).port, qos, count, deadlineMs);
      return { msgPerS, timelineEvents: 0 };
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    }
  }
  // As in a scenario (harness/runner/fixtures.ts): every event also goes to its JSONL file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-bench-gate-'));
  const timeline = new Timeline();
  const sink = new JsonlSink(path.join(dir, 'timeline.jsonl'));
  const unsubscribe = timeline.subscribe((e) => sink.write(e));
  const broker = await Broker.start({ name: 'primary', timeline, host: '127.0.0.1', port: 0 });
  try {
    const msgPerS = await transfer(broker.port, qos, count, deadlineMs);
    return { msgPerS, timelineEvents: timeline.size };
  } finally {
    await broker.close();
    unsubscribe();
    sink.close();
    timeline.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
