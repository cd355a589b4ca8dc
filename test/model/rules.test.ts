import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedConnect } from '../../harness/model/connect.ts';
import { effectiveKeepAliveS, pingWindow, silentBrokerCloseWindow } from '../../harness/model/keepalive.ts';
import { effectiveMaxQos, qosCap, wireQos } from '../../harness/model/qos.ts';
import { expectedDup, expectedReplay, type OfflinePub } from '../../harness/model/queue.ts';
import { differences, sources } from '../../harness/model/sources.ts';
import { expectedResubscribe, rememberedAt, topicMatches } from '../../harness/model/subscriptions.ts';
import { mqttSection } from '../../harness/contract/mqtt-config.ts';

describe('QoS cap', () => {
  it('the override wins over config; the wire uses min(requested, cap)', () => {
    assert.equal(effectiveMaxQos(2, null), 2);
    assert.equal(effectiveMaxQos(2, 0), 0);
    assert.equal(effectiveMaxQos(0, 1), 1);
    assert.equal(wireQos(1, 0), 0);
    assert.equal(wireQos(2, 1), 1);
    assert.equal(wireQos(0, 2), 0);
  });

  it('restoring the override to the config value takes effect (doc); the impl keeps it (sticky)', () => {
    const changes = [{ t: 10, kind: 'override' as const, qos: 0 }, { t: 20, kind: 'override' as const, qos: 2 }];
    assert.equal(qosCap(2, changes).at(15), 0);
    assert.equal(qosCap(2, changes).at(25), 2);
    assert.equal(qosCap(2, changes, 'impl').at(25), 0);
    assert.equal(qosCap(2, changes).at(5), 2);
  });

  it('config max_qos changes apply when no override is set', () => {
    assert.equal(qosCap(2, [{ t: 10, kind: 'config', qos: 1 }]).at(11), 1);
  });
});

describe('subscriptions', () => {
  it('remembered with QoS 1 by default, capped by the max at subscribe time; unsub forgets', () => {
    const cap = (t: number) => (t < 50 ? 0 : 2);
    const r = rememberedAt([
      { t: 10, kind: 'sub', topic: 'a' },
      { t: 60, kind: 'sub', topic: 'b' },
      { t: 61, kind: 'sub', topic: 'c', qos: 2 },
      { t: 62, kind: 'sub', topic: 'd' },
      { t: 70, kind: 'unsub', topic: 'd' },
    ], cap, 100);
    assert.deepEqual(r, [{ topic: 'a', qos: 0 }, { topic: 'b', qos: 1 }, { topic: 'c', qos: 2 }]);
  });

  it('re-subscribes every remembered topic at min(remembered, current max)', () => {
    assert.deepEqual(expectedResubscribe([{ topic: 'a', qos: 1 }, { topic: 'b', qos: 2 }], 1), [{ topic: 'a', qos: 1 }, { topic: 'b', qos: 1 }]);
  });

  it('matches topic filters', () => {
    assert.ok(topicMatches('hil/in/#', 'hil/in/x'));
    assert.ok(topicMatches('hil/in/#', 'hil/in'));
    assert.ok(topicMatches('a/+/c', 'a/b/c'));
    assert.ok(!topicMatches('a/+/c', 'a/b/d'));
    assert.ok(!topicMatches('a/b', 'a/b/c'));
    assert.ok(!topicMatches('#', '$SYS/x'));
  });
});

describe('queue', () => {
  const pub = (id: number, qos: 0 | 1 | 2): OfflinePub => ({ packetId: id, topic: 't', payload: `m${id}`, qos });

  it('QoS 0 offline is dropped; QoS ≥ 1 replayed in order', () => {
    const plan = expectedReplay([pub(1, 1), pub(2, 0), pub(3, 2)], 5);
    assert.deepEqual(plan.replayed.map((p) => p.packetId), [1, 3]);
    assert.deepEqual(plan.dropped.map((d) => [d.packetId, d.reason]), [[2, 'qos0-offline']]);
  });

  it('overflow keeps the newest max_queue_length', () => {
    const plan = expectedReplay([1, 2, 3, 4, 5, 6, 7].map((i) => pub(i, 1)), 5);
    assert.deepEqual(plan.replayed.map((p) => p.packetId), [3, 4, 5, 6, 7]);
    assert.deepEqual(plan.dropped.map((d) => d.packetId), [1, 2]);
  });

  it('max_queue_length 0 disables the queue', () => {
    assert.deepEqual(expectedReplay([pub(1, 1)], 0).dropped.map((d) => d.reason), ['queue-disabled']);
  });

  it('DUP: first send 0, replay 1, QoS 0 never 1', () => {
    assert.equal(expectedDup('first', 1), false);
    assert.equal(expectedDup('replay', 1), true);
    assert.equal(expectedDup('replay', 0), false);
  });
});

describe('keep-alive', () => {
  it('keep_alive 0 means 60', () => {
    assert.equal(effectiveKeepAliveS(0), 60);
    assert.equal(effectiveKeepAliveS(5), 5);
  });

  it('ping at keep_alive, up to 1 s late; silent broker closed at 2 × keep_alive, up to 2 s late', () => {
    assert.deepEqual(pingWindow(5, 50), [4950, 6050]);
    assert.deepEqual(silentBrokerCloseWindow(60, 100), [119_900, 122_100]);
  });
});

describe('CONNECT', () => {
  const cfg = (o: object) => mqttSection.parse({ enable: true, server: 'a', ...o });

  it('client id falls back to device.id; keep-alive 0 → 60; no will unless topic and message', () => {
    const { fields } = expectedConnect(cfg({ keep_alive: 0, will_topic: 'w' }), 'esp32_ABCDEF');
    assert.deepEqual(fields, { clientId: 'esp32_ABCDEF', protocolVersion: 4, clean: true, keepalive: 60, username: undefined, hasPassword: false, will: undefined });
  });

  it('configured fields: client id, user, password presence, will at QoS 0 with will_retain', () => {
    const { fields, source } = expectedConnect(cfg({ client_id: 'me', user: 'u', pass: 'p', clean_session: false, will_topic: 'w', will_message: 'gone', will_retain: true }), 'x');
    assert.equal(fields.clientId, 'me');
    assert.equal(fields.username, 'u');
    assert.equal(fields.hasPassword, true);
    assert.equal(fields.clean, false);
    assert.deepEqual(fields.will, { topic: 'w', payload: 'gone', qos: 0, retain: true });
    assert.ok(source.will.some((s) => s.id === 'impl.connect.will'));
  });
});

describe('sources', () => {
  it('quotes the doc sentences the spec gives', () => {
    assert.match(sources['doc.backoff.example'].text, /attempts after 2, 4, 8, 16, 32 and 60 seconds/);
    assert.match(sources['doc.failover.same-way'].text, /will try to connect to mqtt1 the same way/);
    assert.match(sources['doc.pub.offline-zero'].text, /In case no connection is available, 0 is returned/);
    assert.equal(sources['impl.backoff.fuzz'].kind, 'impl');
    assert.equal(sources['mqtt.dup.qos0'].kind, 'mqtt-3.1.1');
  });

  it('lists the doc-vs-impl differences with the side the model follows', () => {
    const byId = new Map(differences.map((d) => [d.id, d]));
    assert.equal(byId.get('failover.first-delay')?.modelFollows, 'impl');
    assert.equal(byId.get('api.pub-return-offline')?.modelFollows, 'impl');
    assert.equal(byId.get('qos.downgrade-queue-jam')?.modelFollows, 'doc');
    assert.equal(byId.get('failover.backup-without-server')?.modelFollows, 'doc');
    for (const d of differences) assert.ok(d.doc && d.impl && d.why && d.checks.length > 0, d.id);
  });
});
