/**
 * The whole virtual board's console topics against a real aedes broker on 127.0.0.1: a
 * log line (stderr) and an event line (stdout) reach their topics as the library frames
 * them, the library's own `MQTT0 pub -> …` line for that publish is dropped (UART too),
 * and nothing is published with the topics unset.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { Aedes } from 'aedes';
import { parseConsolePublish } from '../../harness/contract/debug-log.ts';
import { createVirtualBoard } from '../../harness/virtual/create.ts';

async function until(what: string, done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('the board publishes its console lines to debug.stdout_topic / debug.stderr_topic, framed, QoS 0, without its own publish line', async () => {
  const broker = await Aedes.createBroker();
  const got: { topic: string; payload: string; qos: number; retain: boolean }[] = [];
  broker.on('publish', (packet, client) => {
    if (client !== null) got.push({ topic: packet.topic, payload: packet.payload.toString(), qos: packet.qos, retain: packet.retain });
  });
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  let written = '';
  const board = createVirtualBoard({ timeScale: 20 }, { write: (b) => { written += b.toString('utf8'); } });
  try {
    board.parts.config.set({ mqtt: { server: `127.0.0.1:${port}` } });
    board.parts.config.save();
    board.powerOn();
    await until('the session', () => written.includes('"ev":"connack"'));
    board.parts.config.set({ debug: { stdout_topic: 'dbg/out', stderr_topic: 'dbg/err' } });
    board.log('hil_test.c', 7, 'a line for stderr');
    board.event({ ev: 'sub', topic: 'x', t: 1 });
    await until('both console publishes', () => got.filter((g) => g.topic.startsWith('dbg/')).length >= 2);
    board.parts.config.set({ debug: { stdout_topic: '', stderr_topic: '' } });
    board.log('hil_test.c', 8, 'after the unset');

    const err = got.find((g) => g.topic === 'dbg/err');
    const out = got.find((g) => g.topic === 'dbg/out');
    assert.ok(err && out);
    assert.deepEqual({ qos: err.qos, retain: err.retain, qosOut: out.qos, retainOut: out.retain }, { qos: 0, retain: false, qosOut: 0, retainOut: false });
    const e = parseConsolePublish(err.payload);
    const o = parseConsolePublish(out.payload);
    assert.ok(e && o, `framed: ${err.payload} / ${out.payload}`);
    assert.equal(e.deviceId, board.deviceId);
    assert.equal(e.level, 2);
    assert.equal(e.data, `${'hil_test.c:7'.padEnd(24)}a line for stderr\n`);
    assert.equal(o.level, 1);
    assert.equal(o.data, 'HIL {"ev":"sub","topic":"x","t":1}\n');
    assert.equal(o.seq, e.seq + 1);
    // The library's LOG inside the publish is dropped by the core's guard: no pub line for the console topics on the UART.
    assert.doesNotMatch(written, /MQTT0 pub -> \d+ dbg\//);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(got.filter((g) => g.payload.includes('after the unset')).length, 0);
  } finally {
    board.powerOff();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
