/**
 * Fencing: a connection accepted before a scenario started (a rebooted board's old TCP
 * session, which a restarting ESP32 leaves open — behaviour spec, "Other observations")
 * is ended at setup so that nothing of it reaches the scenario's evidence: the broker is
 * told DISCONNECT (the old will is not published), the device side gets a FIN, and a
 * connection accepted after the fence line is untouched.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { BrokerPair } from '../../harness/brokers/broker-pair.ts';
import { Peer } from '../../harness/brokers/peer.ts';
import type { EventOf } from '../../harness/timeline/events.ts';

let pair: BrokerPair;
const clients: MqttClient[] = [];

before(async () => {
  pair = await BrokerPair.start({ host: '127.0.0.1' });
});
after(async () => {
  for (const c of clients) c.end(true);
  await pair.close();
});

function connected(clientId: string, will?: { topic: string; payload: string }): Promise<MqttClient> {
  const c = mqtt.connect(`mqtt://127.0.0.1:${pair.primary.port}`, {
    clientId,
    reconnectPeriod: 0,
    connectTimeout: 2000,
    ...(will ? { will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 0, retain: false } } : {}),
  });
  clients.push(c);
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

it('ends only connections accepted before the line, with a FIN and no will', async () => {
  const peer = await Peer.connect(pair.primary, { clientId: 'fence-peer' });
  await peer.subscribe('fence/will', { qos: 0 });
  const old = await connected('fence-old', { topic: 'fence/will', payload: 'old boot is gone' });
  const oldClosed = new Promise<void>((resolve) => old.once('close', () => resolve()));
  const [oldConn] = pair.primary.gate.connections.map((c) => c.id);
  const line = pair.timeline.now();
  const fresh = await connected('fence-new');
  const fenced = pair.primary.gate.fenceBefore(line, 'fenced: accepted before the scenario started');
  assert.deepEqual(fenced, [oldConn]);
  await oldClosed;
  const close = (await pair.timeline.waitFor((e) => e.kind === 'tcp.close' && e.conn === oldConn, { timeoutMs: 2000, description: 'the fenced close' })) as EventOf<'tcp.close'>;
  assert.equal(close.how, 'fin');
  assert.equal(close.by, 'gate');
  assert.match(close.reason ?? '', /fenced/);
  // The broker saw a DISCONNECT, so it published no will: give it the time a will takes to arrive.
  const will = await peer.waitForMessage('fence/will', { timeoutMs: 300, since: line }).catch(() => undefined);
  assert.equal(will, undefined, 'the fenced session must not publish its will');
  assert.equal(fresh.connected, true, 'a connection accepted after the line stays up');
  await peer.close();
});

it('an abrupt end (for contrast) does publish the will, so the check above can fail', async () => {
  const peer = await Peer.connect(pair.primary, { clientId: 'fence-peer-2' });
  await peer.subscribe('fence/will2', { qos: 0 });
  await connected('fence-abrupt', { topic: 'fence/will2', payload: 'gone' });
  const since = pair.timeline.now();
  pair.primary.gate.dropAll('rst', 'test');
  const will = await peer.waitForMessage('fence/will2', { timeoutMs: 2000, since });
  assert.equal(will.text, 'gone');
  await peer.close();
});
