/**
 * Each fault as a real MQTT client (mqtt.js) sees it, and what the timeline records.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { BrokerPair } from '../../harness/brokers/broker-pair.ts';
import { Peer } from '../../harness/brokers/peer.ts';
import type { EventOf } from '../../harness/timeline/events.ts';

let pair: BrokerPair;
const clients = new Set<MqttClient>();

before(async () => {
  pair = await BrokerPair.start({ host: '127.0.0.1' });
});
after(async () => {
  for (const c of clients) c.end(true);
  await pair.close();
});

function url(): string {
  return `mqtt://127.0.0.1:${pair.primary.port}`;
}

function client(clientId: string, options: IClientOptions = {}): MqttClient {
  const c = mqtt.connect(url(), { clientId, reconnectPeriod: 0, connectTimeout: 2000, ...options });
  clients.add(c);
  return c;
}

/** The first of connect / error / close the client reports. */
function outcome(c: MqttClient): Promise<{ event: 'connect' | 'error' | 'close'; code?: unknown; message?: string }> {
  return new Promise((resolve) => {
    c.once('connect', () => resolve({ event: 'connect' }));
    c.once('error', (err: Error & { code?: unknown }) => resolve({ event: 'error', code: err.code, message: err.message }));
    c.once('close', () => resolve({ event: 'close' }));
  });
}

async function connected(clientId: string, options: IClientOptions = {}): Promise<MqttClient> {
  const c = client(clientId, options);
  const got = await outcome(c);
  assert.equal(got.event, 'connect', `client ${clientId} should connect, got ${JSON.stringify(got)}`);
  return c;
}

function closeOf(conn: number, since: number) {
  return pair.timeline.waitFor(
    (e): e is EventOf<'tcp.close'> => e.kind === 'tcp.close' && e.broker === 'primary' && e.conn === conn,
    { timeoutMs: 3000, since, description: `tcp.close of primary#${conn}` },
  );
}

function acceptOf(clientId: string, since: number) {
  return pair.timeline.waitFor(
    (e): e is EventOf<'mqtt.packet'> => e.kind === 'mqtt.packet' && e.type === 'connect' && e.connect?.clientId === clientId,
    { timeoutMs: 3000, since, description: `CONNECT from ${clientId}` },
  );
}

describe('faults seen from mqtt.js', { concurrency: false }, () => {
  it('accept: connects, and the timeline has the CONNECT fields (no password) and CONNACK 0', async () => {
    const since = pair.timeline.now();
    await pair.primary.setFault({ fault: 'accept' });
    const c = await connected('mqttjs-accept', {
      username: 'user', password: 'secret', keepalive: 17, clean: false,
      will: { topic: 'dev/will', payload: Buffer.from('bye'), qos: 0, retain: true },
    });
    const connect = await acceptOf('mqttjs-accept', since);
    assert.deepEqual(connect.connect, {
      clientId: 'mqttjs-accept', protocolVersion: 4, clean: false, keepalive: 17, username: 'user', hasPassword: true,
      will: { topic: 'dev/will', payload: 'bye', qos: 0, retain: true },
    });
    assert.ok(!JSON.stringify(pair.timeline.events()).includes('secret'), 'the password is never recorded');
    const connack = await pair.timeline.waitFor(
      (e) => e.kind === 'mqtt.packet' && e.conn === connect.conn && e.broker === 'primary' && e.type === 'connack',
      { timeoutMs: 2000, since },
    );
    assert.equal(connack.kind === 'mqtt.packet' && connack.returnCode, 0);
    await c.subscribeAsync('t/#', { qos: 1 });
    await c.publishAsync('t/x', 'payload', { qos: 1 });
    const pub = pair.timeline.events({ kind: 'mqtt.packet', conn: connect.conn, broker: 'primary' }, (e) => e.type === 'publish' && e.dir === 'in');
    assert.equal(pub[0]?.topic, 't/x');
    assert.equal(pub[0]?.qos, 1);
    assert.equal(pub[0]?.payload, 'payload');
    c.end(true);
    await closeOf(connect.conn, since);
  });

  for (const code of [1, 2, 3, 4, 5]) {
    it(`connack ${code}: the client is refused with code ${code}, the gate closes`, async () => {
      const since = pair.timeline.now();
      await pair.primary.setFault({ fault: 'connack', code });
      const got = await outcome(client(`mqttjs-connack-${code}`));
      assert.equal(got.event, 'error');
      assert.equal(got.code, code);
      const connect = await acceptOf(`mqttjs-connack-${code}`, since);
      const close = await closeOf(connect.conn, since);
      assert.equal(close.by, 'gate');
      assert.equal(close.reason, `connack ${code}`);
      const out = pair.timeline.events({ kind: 'mqtt.packet', broker: 'primary', conn: connect.conn }, (e) => e.dir === 'out');
      assert.deepEqual(out.map((e) => [e.type, e.returnCode]), [['connack', code]]);
    });
  }

  it('refuse-rst: the TCP connection is reset at once; the attempt is in the timeline', async () => {
    const since = pair.timeline.now();
    await pair.primary.setFault({ fault: 'refuse-rst' });
    const got = await outcome(client('mqttjs-rst'));
    assert.ok(got.event === 'error' || got.event === 'close', JSON.stringify(got));
    if (got.event === 'error') assert.equal(got.code, 'ECONNRESET');
    const accept = await pair.timeline.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'primary', { timeoutMs: 2000, since });
    assert.equal(accept.kind, 'tcp.accept');
    const close = await closeOf((accept as EventOf<'tcp.accept'>).conn, since);
    assert.deepEqual([close.by, close.how], ['gate', 'rst']);
  });

  it('closed: the OS refuses; accept listens again on the same port', async () => {
    const port = pair.primary.port;
    const since = pair.timeline.now();
    await pair.primary.setFault({ fault: 'closed' });
    assert.equal(pair.primary.listening, false);
    const got = await outcome(client('mqttjs-closed'));
    assert.equal(got.event, 'error');
    assert.equal(got.code, 'ECONNREFUSED');
    assert.equal(pair.timeline.events({ kind: 'tcp.accept', broker: 'primary', since }).length, 0);
    await pair.primary.setFault({ fault: 'accept' });
    assert.equal(pair.primary.port, port);
    const listens = pair.timeline.events({ kind: 'listen', broker: 'primary', since });
    assert.deepEqual(listens.map((e) => [e.port, e.listening]), [[port, false], [port, true]]);
    (await connected('mqttjs-after-closed')).end(true);
  });

  it('blackhole: TCP is accepted and CONNECT read, but no CONNACK ever comes', async () => {
    const since = pair.timeline.now();
    await pair.primary.setFault({ fault: 'blackhole' });
    const c = client('mqttjs-blackhole', { connectTimeout: 400 });
    const connect = await acceptOf('mqttjs-blackhole', since);
    const got = await outcome(c);
    assert.notEqual(got.event, 'connect');
    await closeOf(connect.conn, since);
    const out = pair.timeline.events({ kind: 'mqtt.packet', broker: 'primary', conn: connect.conn }, (e) => e.dir === 'out');
    assert.equal(out.length, 0);
  });

  it('drop: cuts a live session; the broker publishes its will', async () => {
    await pair.primary.setFault({ fault: 'accept' });
    const peer = await Peer.connect(pair.primary);
    try {
      await peer.subscribe('dev/+/will', { qos: 0 });
      const since = pair.timeline.now();
      const c = await connected('mqttjs-drop', { will: { topic: 'dev/mqttjs-drop/will', payload: Buffer.from('lost'), qos: 0, retain: false } });
      const connect = await acceptOf('mqttjs-drop', since);
      const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
      await pair.primary.setFault({ fault: 'drop', how: 'fin' });
      await closed;
      const close = await closeOf(connect.conn, since);
      assert.deepEqual([close.by, close.how, close.reason], ['gate', 'fin', 'drop now']);
      const will = await peer.waitForMessage('dev/+/will', { timeoutMs: 3000, since });
      assert.equal(will.text, 'lost');
      assert.equal(pair.timeline.events({ kind: 'mqtt.packet', conn: connect.conn, broker: 'primary' }, (e) => e.type === 'disconnect').length, 0);
    } finally {
      await peer.close();
    }
  });

  it('a clean DISCONNECT publishes no will', async () => {
    await pair.primary.setFault({ fault: 'accept' });
    const peer = await Peer.connect(pair.primary);
    try {
      await peer.subscribe('dev/clean/will');
      const since = pair.timeline.now();
      const c = await connected('mqttjs-clean', { will: { topic: 'dev/clean/will', payload: Buffer.from('x'), qos: 0, retain: false } });
      const connect = await acceptOf('mqttjs-clean', since);
      await c.endAsync();
      const close = await closeOf(connect.conn, since);
      // After DISCONNECT either side may close first: aedes hangs up as soon as it reads it.
      assert.ok(close.by === 'device' || close.by === 'broker', close.by);
      assert.equal(pair.timeline.events({ kind: 'mqtt.packet', broker: 'primary', conn: connect.conn }, (e) => e.type === 'disconnect').length, 1);
      // A marker published after the close arrives after any will would have.
      await peer.subscribe('marker');
      await peer.publish('marker', 'm');
      await peer.waitForMessage('marker', { timeoutMs: 2000 });
      assert.equal(peer.received('dev/clean/will').length, 0);
    } finally {
      await peer.close();
    }
  });

  it('qos0-only: QoS 0 publishes pass, the first QoS 1 publish closes the connection silently', async () => {
    await pair.primary.setFault({ fault: 'qos0-only' });
    const since = pair.timeline.now();
    const c = await connected('mqttjs-qos0');
    const connect = await acceptOf('mqttjs-qos0', since);
    await c.publishAsync('q/zero', 'a', { qos: 0 });
    await pair.timeline.waitFor((e) => e.kind === 'mqtt.packet' && e.conn === connect.conn && e.broker === 'primary' && e.type === 'publish', { timeoutMs: 2000, since });
    assert.equal(pair.timeline.events({ kind: 'tcp.close', broker: 'primary', conn: connect.conn }).length, 0, 'QoS 0 does not close');
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.publish('q/one', 'b', { qos: 1 });
    await closed;
    const close = await closeOf(connect.conn, since);
    assert.deepEqual([close.by, close.how], ['gate', 'fin']);
    assert.match(close.reason ?? '', /PUBLISH with QoS > 0/);
    const out = pair.timeline.events({ kind: 'mqtt.packet', broker: 'primary', conn: connect.conn }, (e) => e.dir === 'out' && e.type === 'puback');
    assert.equal(out.length, 0, 'no PUBACK: closed without a word');
  });

  it('withhold-puback: the broker gets the first QoS 1 PUBLISH, its PUBACK never reaches the client, the connection is cut; the next one is left alone', async () => {
    await pair.primary.setFault({ fault: 'withhold-puback' });
    const since = pair.timeline.now();
    const peer = await Peer.connect(pair.primary);
    try {
      await peer.subscribe('q/held', { qos: 1 });
      const c = await connected('mqttjs-withhold');
      const connect = await acceptOf('mqttjs-withhold', since);
      const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
      c.publish('q/held', 'in-flight', { qos: 1 });
      await closed;
      const close = await closeOf(connect.conn, since);
      assert.deepEqual([close.by, close.how], ['gate', 'rst']);
      assert.match(close.reason ?? '', /PUBACK \d+ withheld/);
      const conn = pair.timeline.events({ kind: 'mqtt.packet', broker: 'primary', conn: connect.conn });
      assert.equal(conn.filter((e) => e.dir === 'in' && e.type === 'publish').length, 1, 'the PUBLISH crossed the gate');
      assert.equal(conn.filter((e) => e.dir === 'out' && e.type === 'puback').length, 0, 'its PUBACK did not');
      assert.equal((await peer.waitForMessage('q/held', { timeoutMs: 2000, since })).text, 'in-flight', 'the broker got it');
      // One-shot: the next connection's QoS 1 PUBLISH is acknowledged.
      const again = await connected('mqttjs-withhold-2');
      await again.publishAsync('q/held', 'second', { qos: 1 });
      again.end(true);
    } finally {
      await peer.close();
      await pair.primary.setFault({ fault: 'accept' });
    }
  });

  it('withhold-puback then keep: the PUBACK of the first QoS 1 PUBLISH is swallowed, the session stays up, other ids are acknowledged', async () => {
    await pair.primary.setFault({ fault: 'withhold-puback', session: 'keep' });
    const since = pair.timeline.now();
    const peer = await Peer.connect(pair.primary);
    try {
      await peer.subscribe('q/kept', { qos: 1 });
      const c = await connected('mqttjs-withhold-keep');
      const connect = await acceptOf('mqttjs-withhold-keep', since);
      c.publish('q/kept', 'held', { qos: 1 });
      assert.equal((await peer.waitForMessage('q/kept', { timeoutMs: 2000, since })).text, 'held', 'the broker got it');
      // A second QoS 1 publish on the same connection is acknowledged: only the held id is withheld.
      await c.publishAsync('q/kept', 'second', { qos: 1 });
      const conn = pair.timeline.events({ kind: 'mqtt.packet', broker: 'primary', conn: connect.conn });
      const ids = conn.filter((e) => e.dir === 'in' && e.type === 'publish').map((e) => e.packetId);
      const acked = conn.filter((e) => e.dir === 'out' && e.type === 'puback').map((e) => e.packetId);
      assert.equal(ids.length, 2);
      assert.deepEqual(acked, [ids[1]], 'only the second PUBLISH was acknowledged');
      assert.equal(pair.timeline.events({ kind: 'tcp.close', broker: 'primary', conn: connect.conn }).length, 0, 'the session is still up');
      c.end(true);
    } finally {
      await peer.close();
      await pair.primary.setFault({ fault: 'accept' });
    }
  });

  it('withhold-pubrec: the device\'s PUBREC for a QoS 2 delivery never reaches the broker, the connection is cut; aedes delivers it again, with the same id, to the persistent session', async () => {
    await pair.primary.setFault({ fault: 'withhold-pubrec' });
    const since = pair.timeline.now();
    const peer = await Peer.connect(pair.primary);
    try {
      const c = await connected('mqttjs-pubrec', { clean: false });
      await c.subscribeAsync('q/two', { qos: 2 });
      const connect = await acceptOf('mqttjs-pubrec', since);
      const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
      await peer.publish('q/two', 'exactly-once', { qos: 2 });
      await closed;
      const close = await closeOf(connect.conn, since);
      assert.deepEqual([close.by, close.how], ['gate', 'rst']);
      assert.match(close.reason ?? '', /PUBREC \d+ withheld/);
      const first = pair.timeline.events({ kind: 'mqtt.packet', broker: 'primary', conn: connect.conn });
      const delivered = first.find((e) => e.dir === 'out' && e.type === 'publish')!;
      assert.equal(delivered.dup, false);
      assert.equal(first.filter((e) => e.dir === 'in' && e.type === 'pubrec').length, 1, 'the device answered (the gate records it, then swallows it)');
      // The persistent session resumes: the broker, never told of the PUBREC, sends the PUBLISH again.
      const since2 = pair.timeline.now();
      const again = await connected('mqttjs-pubrec', { clean: false });
      const redelivery = await pair.timeline.waitFor(
        (e): e is EventOf<'mqtt.packet'> => e.kind === 'mqtt.packet' && e.dir === 'out' && e.type === 'publish' && e.topic === 'q/two',
        { timeoutMs: 3000, since: since2, description: 'the redelivery' },
      );
      assert.deepEqual([redelivery.packetId, redelivery.payload], [delivered.packetId, 'exactly-once']);
      // aedes re-sends a stored QoS 2 PUBLISH with DUP = 0, though [MQTT-3.3.1-1] asks for 1 on a
      // re-delivery: the receiver must know it by its packet id, which is what the library does.
      assert.equal(redelivery.dup, false);
      again.end(true);
    } finally {
      await peer.close();
      await pair.primary.setFault({ fault: 'accept' });
    }
  });

  it('delay connack: CONNACK is held for the amount set (measured on the timeline)', async () => {
    await pair.primary.setFault({ fault: 'delay', ms: 300, packets: 'connack' });
    const since = pair.timeline.now();
    const c = await connected('mqttjs-delay');
    const connect = await acceptOf('mqttjs-delay', since);
    const connack = pair.timeline.events({ kind: 'mqtt.packet', broker: 'primary', conn: connect.conn }, (e) => e.type === 'connack')[0]!;
    const held = connack.t - connect.t;
    assert.ok(held >= 299 && held < 600, `CONNACK held ${held.toFixed(1)} ms`);
    c.end(true);
    await pair.primary.setFault({ fault: 'accept' });
  });
});
