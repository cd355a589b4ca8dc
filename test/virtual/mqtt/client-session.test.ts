/**
 * A live session of the virtual board's MQTT client on a fake clock and network: CONNECT
 * fields, re-subscription, the QoS cap, the queue, keep-alive, incoming messages and the
 * receive limits (mqtt-client-behaviour.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { ConnState } from '../../../harness/virtual/mqtt/connection-state.ts';
import { makeRig, PRIMARY, type Rig, type RigOptions, runUntil } from './rig.ts';

function connected(options: RigOptions = {}, behaviour: Parameters<Rig['net']['serve']>[1] = 'broker'): Rig {
  const rig = makeRig(options);
  rig.net.serve(PRIMARY, behaviour);
  rig.start();
  runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
  return rig;
}

function dropAndReconnect(rig: Rig): void {
  const before = rig.net.connections.length;
  rig.net.last.closeFromBroker();
  runUntil(rig, 'a new session', () => rig.net.connections.length > before && rig.client.state === ConnState.Connected);
}

describe('CONNECT', () => {
  it('sends device.id as client id, clean session, keep-alive, MQTT 3.1.1, no will by default', () => {
    const rig = connected();
    const [connect] = rig.net.last.sent('connect');
    assert.equal(connect!.clientId, 'esp32_1CA848');
    assert.equal(connect!.protocolVersion, 4);
    assert.equal(connect!.clean, true);
    assert.equal(connect!.keepalive, 60);
    assert.equal(connect!.will, undefined);
    assert.equal(connect!.username, undefined);
    // The firmware's cloud lines (core events, not the MQTT handler) come between the library's.
    assert.deepEqual(rig.transcript.slice(0, 6), [
      'MQTT0 connecting to 127.0.0.1:1883',
      'HIL {"ev":"cloud","name":"connecting","mgos_ev":1297044230,"type":0,"t":0}',
      'MQTT0 TCP connected ok (0)',
      'MQTT0 CONNACK 0',
      'HIL {"ev":"cloud","name":"connected","mgos_ev":1297044228,"type":0,"t":0}',
      'HIL {"ev":"connack","code":0,"t":0}',
    ]);
  });

  it('uses client_id, user, pass, clean_session=false, keep_alive 0 → 60, and the will with QoS 0', () => {
    const rig = connected({
      mqtt: {
        client_id: 'lab-7',
        user: 'u',
        pass: 'p',
        clean_session: false,
        keep_alive: 0,
        will_topic: 'w/t',
        will_message: 'gone',
        will_retain: true,
      },
    });
    const [connect] = rig.net.last.sent('connect');
    assert.equal(connect!.clientId, 'lab-7');
    assert.equal(connect!.username, 'u');
    assert.equal(connect!.password?.toString(), 'p');
    assert.equal(connect!.clean, false);
    assert.equal(connect!.keepalive, 60);
    assert.equal(connect!.will?.topic, 'w/t');
    assert.equal(connect!.will?.payload.toString(), 'gone');
    assert.equal(connect!.will?.qos, 0);
    assert.equal(connect!.will?.retain, true);
  });

  it('sends no will when only the topic is set', () => {
    const rig = connected({ mqtt: { will_topic: 'w/t' } });
    assert.equal(rig.net.last.sent('connect')[0]!.will, undefined);
  });
});

describe('subscriptions', () => {
  it('remembers offline subscriptions and sends one SUBSCRIBE per topic, newest first, before the connack event', () => {
    const rig = makeRig();
    rig.net.serve(PRIMARY, 'broker');
    rig.client.boot();
    rig.client.sub('hil/in/#');
    rig.client.sub('devices/esp32_1CA848/cmd');
    rig.client.onIpAcquired();
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    const subs = rig.net.last.sent('subscribe');
    assert.deepEqual(
      subs.map((s) => s.subscriptions),
      [[{ topic: 'devices/esp32_1CA848/cmd', qos: 1 }], [{ topic: 'hil/in/#', qos: 1 }]],
    );
    assert.notEqual(subs[0]!.messageId, subs[1]!.messageId);
    assert.deepEqual(rig.transcript.slice(3, 8), [
      'MQTT0 CONNACK 0',
      'HIL {"ev":"cloud","name":"connected","mgos_ev":1297044228,"type":0,"t":0}',
      'MQTT0 sub devices/esp32_1CA848/cmd @ 1',
      'MQTT0 sub hil/in/# @ 1',
      'HIL {"ev":"connack","code":0,"t":0}',
    ]);
    assert.deepEqual(rig.client.status().subs, ['hil/in/#', 'devices/esp32_1CA848/cmd']);
  });

  it('re-subscribes after every CONNACK 0', () => {
    const rig = connected();
    rig.client.sub('a');
    rig.client.sub('b');
    rig.clock.advance(0);
    assert.equal(rig.net.last.sent('subscribe').length, 2, 'subscribing while connected sends at once');
    dropAndReconnect(rig);
    dropAndReconnect(rig);
    assert.deepEqual(
      rig.net.last.sent('subscribe').map((s) => s.subscriptions[0]!.topic),
      ['b', 'a'],
    );
  });

  it('unsub forgets the topic, sends UNSUBSCRIBE while connected, and the unsuback event carries id 0', () => {
    const rig = connected();
    rig.client.sub('a');
    assert.equal(rig.client.unsub('nope'), false);
    assert.equal(rig.client.unsub('a'), true);
    rig.clock.advance(0);
    assert.deepEqual(rig.net.last.sent('unsubscribe')[0]!.unsubscriptions, ['a']);
    assert.ok(rig.messages().includes('MQTT0 unsub a'));
    assert.deepEqual(rig.events.at(-1), { ev: 'unsuback', packet_id: 0, t: 0 });
    dropAndReconnect(rig);
    assert.equal(rig.net.last.sent('subscribe').length, 0);
  });
});

describe('QoS cap', () => {
  it('max_qos 0: PUBLISH and SUBSCRIBE go out at QoS 0 and a capped publish is not queued', () => {
    const rig = connected({ mqtt: { max_qos: 0 } });
    rig.client.sub('s', 1);
    const id = rig.client.pub('t', 'x', 1);
    rig.clock.advance(0);
    const conn = rig.net.last;
    assert.equal(conn.sent('subscribe')[0]!.subscriptions[0]!.qos, 0);
    assert.equal(conn.sent('publish')[0]!.qos, 0);
    assert.equal(conn.sent('publish')[0]!.dup, false);
    assert.ok(id > 0);
    assert.equal(rig.client.status().queue_len, 0);
    assert.equal(rig.client.status().max_qos, 0);
    // PINGRESPs do not bring duplicates back.
    rig.clock.advance(200_000);
    assert.equal(conn.sent('publish').length, 1);
  });

  it('setMaxQos works only while a socket exists, and a lowered cap can be restored', () => {
    const rig = makeRig();
    rig.net.serve(PRIMARY, 'broker');
    rig.client.boot();
    assert.equal(rig.client.setMaxQos(0), false);
    rig.client.onIpAcquired();
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    assert.equal(rig.client.setMaxQos(0), true);
    assert.deepEqual([rig.client.status().max_qos, rig.client.status().max_qos_override], [0, 0]);
    rig.client.pub('t', 'low', 2);
    assert.equal(rig.client.setMaxQos(2), true);
    rig.client.pub('t', 'high', 2);
    rig.clock.advance(0);
    assert.deepEqual(rig.net.last.sent('publish').map((p) => p.qos), [0, 2]);
    assert.equal(rig.client.status().max_qos, 2);
    // The override survives reconnects.
    rig.client.setMaxQos(1);
    dropAndReconnect(rig);
    rig.client.pub('t', 'again', 2);
    rig.clock.advance(0);
    assert.equal(rig.net.last.sent('publish')[0]!.qos, 1);
  });
});

describe('QoS cap at send time', () => {
  // "QoS downgrade": outgoing PUBLISH uses min(requested, effective max); the model applies
  // the cap in force when a packet is sent, replays included (defect 4 of the spec is the
  // library's stored QoS). A replay at QoS 0 is sent once with DUP 0 and leaves the queue
  // (docs/qualification.md: MQTT 3.1.1 forbids DUP = 1 on QoS 0, nothing will ack it).
  const label = (p: { payload: Buffer | string; qos: number; dup: boolean }) => `${p.payload.toString()}@${p.qos}${p.dup ? '*' : ''}`;

  it('a cap lowered on a live session: the re-send after PINGRESP goes once at QoS 0, DUP 0, and leaves the queue', () => {
    const rig = connected({ mqtt: { keep_alive: 5 } }, { mode: 'broker', ackPublishes: false });
    rig.client.pub('q', 'x', 1);
    rig.clock.advance(0);
    rig.client.setMaxQos(0);
    rig.clock.advance(5000);
    const conn = rig.net.last;
    assert.equal(conn.sent('pingreq').length, 1);
    assert.deepEqual(conn.sent('publish').map(label), ['x@1', 'x@0']);
    assert.equal(rig.client.status().queue_len, 0);
    rig.clock.advance(20_000);
    assert.equal(conn.sent('publish').length, 2, 'later PINGRESPs bring nothing back');
  });

  it('a cap lowered or raised between queueing and the replay after a reconnect: the cap in force at the replay', () => {
    const replayAfter = (startCap: number, requested: 1 | 2, capAtReplay: number) => {
      const rig = connected({ mqtt: { max_qos: startCap } }, { mode: 'broker', ackPublishes: false });
      rig.client.pub('q', 'x', requested);
      rig.config.mqtt.max_qos = capAtReplay;
      dropAndReconnect(rig);
      rig.clock.advance(0);
      return { sent: rig.net.last.sent('publish').map(label), queued: rig.client.status().queue_len };
    };
    assert.deepEqual(replayAfter(2, 1, 0), { sent: ['x@0'], queued: 0 });
    assert.deepEqual(replayAfter(2, 2, 1), { sent: ['x@1*'], queued: 1 });
    assert.deepEqual(replayAfter(1, 2, 2), { sent: ['x@2*'], queued: 1 });
    assert.deepEqual(replayAfter(2, 2, 2), { sent: ['x@2*'], queued: 1 });
  });
});

describe('publishing and the queue', () => {
  it('queues QoS ≥ 1 offline, drops QoS 0, and replays in order with DUP = 1, one per PUBACK', () => {
    const rig = makeRig();
    rig.client.boot();
    const ids = [rig.client.pub('q', 'one', 1), rig.client.pub('q', 'zero', 0), rig.client.pub('q', 'two', 2)];
    assert.deepEqual(ids, [1, 2, 3], 'the id is returned also while offline');
    assert.equal(rig.client.status().queue_len, 2);
    assert.equal(rig.client.status().unsent_bytes, 'one'.length + 'two'.length);
    rig.net.serve(PRIMARY, { mode: 'broker', ackPublishes: false });
    rig.client.onIpAcquired();
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    const conn = rig.net.last;
    assert.deepEqual(conn.sent('publish').map((p) => [p.messageId, p.dup]), [[1, true]], 'one replay per CONNACK/ack');
    // A new QoS 1 publish waits while the replay drains.
    const later = rig.client.pub('q', 'three', 1);
    rig.clock.advance(0);
    assert.equal(conn.sent('publish').length, 1);
    conn.deliver({ cmd: 'puback', messageId: 1 });
    rig.clock.advance(0);
    conn.deliver({ cmd: 'pubrec', messageId: 3 });
    rig.clock.advance(0);
    conn.deliver({ cmd: 'puback', messageId: later });
    rig.clock.advance(0);
    assert.deepEqual(
      conn.sent('publish').map((p) => [p.messageId, p.payload.toString(), p.qos, p.dup]),
      [
        [1, 'one', 1, true],
        [3, 'two', 2, true],
        [later, 'three', 1, true],
      ],
    );
    assert.equal(conn.sent('pubrel').length, 1);
    assert.ok(rig.messages().includes('MQTT0 queue drained'));
    assert.equal(rig.client.status().queue_len, 0);
    // Drained: a new publish goes out at once, DUP = 0.
    rig.client.pub('q', 'four', 1);
    rig.clock.advance(0);
    assert.equal(conn.sent('publish').at(-1)!.dup, false);
    assert.deepEqual(
      rig.events.filter((e) => e.ev === 'puback' || e.ev === 'pubrec').map((e) => [e.ev, (e as { packet_id: number }).packet_id]),
      [
        ['puback', 1],
        ['pubrec', 3],
        ['puback', later],
      ],
    );
  });

  it('drops the oldest on overflow with "MQTT0 queue overflow!"', () => {
    const rig = makeRig({ mqtt: { max_queue_length: 2 } });
    rig.client.boot();
    for (const m of ['a', 'b', 'c']) rig.client.pub('q', m, 1);
    assert.equal(rig.messages().filter((m) => m === 'MQTT0 queue overflow!').length, 1);
    assert.equal(rig.client.status().queue_len, 2);
    rig.net.serve(PRIMARY, 'broker');
    rig.client.onIpAcquired();
    runUntil(rig, 'the replay', () => rig.client.status().queue_len === 0);
    assert.deepEqual(rig.net.last.sent('publish').map((p) => p.payload.toString()), ['b', 'c']);
  });

  it('max_queue_length 0 disables the queue', () => {
    const rig = makeRig({ mqtt: { max_queue_length: 0 } });
    rig.client.boot();
    rig.client.pub('q', 'a', 1);
    assert.equal(rig.client.status().queue_len, 0);
  });

  it('a message sent on this connection is re-sent only after a PINGRESP (DUP = 1)', () => {
    const rig = connected({ mqtt: { keep_alive: 5 } }, { mode: 'broker', ackPublishes: false });
    rig.client.pub('q', 'x', 1);
    rig.clock.advance(0);
    const conn = rig.net.last;
    assert.deepEqual(conn.sent('publish').map((p) => p.dup), [false]);
    rig.clock.advance(5000);
    assert.equal(conn.sent('pingreq').length, 1);
    assert.deepEqual(conn.sent('publish').map((p) => p.dup), [false, true]);
  });

  it('ids skip 0 and never collide with queued ones', () => {
    const rig = makeRig();
    rig.client.boot();
    const first = rig.client.pub('q', 'held', 1);
    for (let i = 0; i < 65534; i++) rig.client.nextPacketId();
    assert.equal(rig.client.nextPacketId(), 2, `wraps past 65535, skips 0 and the queued id ${first}`);
  });
});

describe('keep-alive', () => {
  it('pings keep_alive seconds after the last packet sent; any send restarts the interval', () => {
    const rig = connected({ mqtt: { keep_alive: 5 } });
    const conn = rig.net.last;
    rig.clock.advance(3000);
    rig.client.pub('t', 'x', 0);
    rig.clock.advance(4999);
    assert.equal(conn.sent('pingreq').length, 0);
    rig.clock.advance(1);
    assert.equal(conn.sent('pingreq').length, 1);
    assert.equal(conn.received.find((r) => r.packet.cmd === 'pingreq')!.t, 8000);
    rig.clock.advance(5000);
    assert.equal(conn.sent('pingreq').length, 2);
    assert.ok(rig.messages().includes('Send PINGREQ'));
  });

  it('a silent broker gets a PINGREQ at keep_alive before any CONNACK and is closed at 2 × keep_alive', () => {
    const rig = makeRig({ mqtt: { keep_alive: 5 } });
    rig.net.serve(PRIMARY, 'silent');
    rig.start();
    runUntil(rig, 'the next schedule', () => rig.delays().length >= 1);
    const conn = rig.net.connections[0]!;
    assert.deepEqual(conn.received.map((r) => [r.packet.cmd, r.t]), [
      ['connect', 0],
      ['pingreq', 5000],
    ]);
    assert.equal(rig.clock.now(), 10_000);
    assert.deepEqual(rig.transcript.slice(-3, -1), ['Ping timeout', 'MQTT0 disconnected']);
    assert.ok(conn.destroyed);
  });

  it('an unanswered ping on a live session closes it and the close event follows', () => {
    const rig = connected({ mqtt: { keep_alive: 5 } }, { mode: 'broker', answerPings: false });
    runUntil(rig, 'the close', () => rig.events.some((e) => e.ev === 'close'));
    assert.equal(rig.clock.now(), 10_000);
  });

  it('sending PUBACKs resets the interval, receiving does not', () => {
    const rig = connected({ mqtt: { keep_alive: 5 } });
    rig.client.sub('in/#');
    const conn = rig.net.last;
    for (let i = 0; i < 4; i++) {
      rig.clock.advance(3000);
      conn.deliver({ cmd: 'publish', topic: 'in/x', payload: Buffer.from('m'), qos: 1, dup: false, retain: false, messageId: 100 + i });
      rig.clock.advance(0);
    }
    assert.equal(conn.sent('pingreq').length, 0);
    for (let i = 0; i < 4; i++) {
      rig.clock.advance(3000);
      conn.deliver({ cmd: 'publish', topic: 'in/x', payload: Buffer.from('m'), qos: 0, dup: false, retain: false });
    }
    assert.equal(conn.sent('pingreq').length, 2);
  });
});

describe('incoming messages', () => {
  it('one msg event per matching subscription and exactly one PUBACK', () => {
    const rig = connected();
    rig.client.sub('hil/in/#');
    rig.client.sub('hil/+/x');
    rig.client.sub('other');
    const conn = rig.net.last;
    conn.deliver({ cmd: 'publish', topic: 'hil/in/x', payload: Buffer.from('hello'), qos: 1, dup: false, retain: false, messageId: 49558 });
    rig.clock.advance(0);
    const msgs = rig.events.filter((e) => e.ev === 'msg');
    assert.equal(msgs.length, 2);
    assert.deepEqual(msgs[0], { ev: 'msg', topic: 'hil/in/x', msg: 'hello', len: 5, qos: 1, dup: 0, retain: 0, packet_id: 49558, t: 0 });
    assert.deepEqual(conn.sent('puback').map((p) => p.messageId), [49558]);
  });

  it('acknowledges a QoS 1 message that matches no subscription', () => {
    const rig = connected();
    const conn = rig.net.last;
    conn.deliver({ cmd: 'publish', topic: 'stray', payload: Buffer.from('x'), qos: 1, dup: false, retain: false, messageId: 9 });
    rig.clock.advance(0);
    assert.deepEqual(conn.sent('puback').map((p) => p.messageId), [9]);
    assert.equal(rig.events.filter((e) => e.ev === 'msg').length, 0);
  });

  it('QoS 2: PUBREC, PUBCOMP after PUBREL, and a redelivery before PUBREL is not delivered twice', () => {
    const rig = connected();
    rig.client.sub('q2', 2);
    const conn = rig.net.last;
    const pkt = { cmd: 'publish' as const, topic: 'q2', payload: Buffer.from('x'), qos: 2 as const, dup: false, retain: false, messageId: 77 };
    conn.deliver(pkt);
    conn.deliver({ ...pkt, dup: true });
    conn.deliver({ cmd: 'pubrel', messageId: 77 });
    rig.clock.advance(0);
    assert.deepEqual(conn.sent('pubrec').map((p) => p.messageId), [77, 77]);
    assert.deepEqual(conn.sent('pubcomp').map((p) => p.messageId), [77]);
    assert.equal(rig.events.filter((e) => e.ev === 'msg').length, 1);
  });

  it('a packet larger than recv_mbuf_limit closes the connection and the schedule follows', () => {
    const rig = connected();
    rig.client.sub('big');
    const conn = rig.net.last;
    conn.deliver({ cmd: 'publish', topic: 'big', payload: Buffer.alloc(4096, 0x41), qos: 0, dup: false, retain: false });
    rig.clock.advance(0);
    assert.ok(conn.destroyed);
    assert.ok(rig.messages().some((m) => /recv buffer \(\d+ bytes\) exceeds the limit 3072 bytes/.test(m)));
    assert.equal(rig.events.filter((e) => e.ev === 'msg').length, 0);
    assert.equal(rig.events.at(-1)!.ev, 'close');
    runUntil(rig, 'the reconnect', () => rig.net.connections.length === 2);
  });

  it('recv_mbuf_limit is on the whole packet: exactly the limit is handled, one byte more closes', () => {
    // Mongoose 6.18 reads at most the limit into the buffer and closes only when the packet at
    // its head is incomplete with the buffer full: a packet of exactly the limit completes.
    const packet = (payloadBytes: number) => ({ cmd: 'publish' as const, topic: 'big', payload: Buffer.alloc(payloadBytes, 0x41), qos: 0 as const, dup: false, retain: false });
    // topic 'big': remaining 2 + 3 + payload; 250 → 255 remaining (2-byte varint) → 258 bytes.
    const size = (n: number) => mqttPacket.generate(packet(n)).length;
    assert.equal(size(250), 258);
    for (const [payload, closes] of [[250, false], [251, true]] as const) {
      const rig = connected({ mqtt: { recv_mbuf_limit: 258 } });
      rig.client.sub('big');
      const conn = rig.net.last;
      conn.deliver(packet(payload));
      rig.clock.advance(0);
      assert.equal(conn.destroyed, closes, `${size(payload)} bytes`);
      assert.equal(rig.events.filter((e) => e.ev === 'msg').length, closes ? 0 : 1);
      assert.equal(rig.messages().some((m) => m.includes('recv buffer (258 bytes) exceeds the limit 258 bytes, and not drained, closing')), closes);
    }
  });

  it('a malformed packet closes the connection', () => {
    const rig = connected();
    const conn = rig.net.last;
    conn.deliverBytes(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]));
    rig.clock.advance(0);
    assert.ok(conn.destroyed);
    assert.equal(rig.events.at(-1)!.ev, 'close');
  });

  it('packets split across chunks and several in one chunk are all decoded', () => {
    const rig = connected();
    rig.client.sub('s');
    const conn = rig.net.last;
    const one = mqttPacket.generate({ cmd: 'publish', topic: 's', payload: Buffer.from('1'), qos: 0, dup: false, retain: false });
    const two = mqttPacket.generate({ cmd: 'publish', topic: 's', payload: Buffer.from('2'), qos: 0, dup: false, retain: false });
    const both = Buffer.concat([one, two]);
    conn.deliverBytes(both.subarray(0, 3));
    conn.deliverBytes(both.subarray(3));
    rig.clock.advance(0);
    assert.deepEqual(rig.events.filter((e) => e.ev === 'msg').map((e) => (e as { msg: string }).msg), ['1', '2']);
  });
});

describe('status and reset', () => {
  it('status reports the HIL.Status fields', () => {
    const rig = connected();
    rig.client.sub('a');
    rig.clock.advance(1234);
    assert.deepEqual(rig.client.status(), {
      connected: true,
      server: PRIMARY,
      cfg: 'mqtt',
      unsent_bytes: 0,
      queue_len: 0,
      uptime_ms: 1234,
      subs: ['a'],
      max_qos: 2,
      max_qos_override: -1,
      reconnect_timeout_ms: 0,
    });
  });

  // Behaviour spec, "Other observations": a reboot sends nothing on the open TCP session,
  // the broker keeps it until its keep-alive runs out or the client id is taken over.
  it('destroy (a reset) leaves the socket open and silent: no DISCONNECT, no FIN, nothing fires afterwards', () => {
    const rig = connected({ mqtt: { keep_alive: 5 } });
    const conn = rig.net.last;
    const sentBefore = conn.received.length;
    rig.client.destroy();
    const printed = rig.transcript.length;
    rig.clock.advance(3600_000);
    assert.equal(conn.destroyed, false, 'the socket is abandoned, not closed');
    assert.equal(conn.ended, false, 'no FIN either');
    assert.equal(conn.received.length, sentBefore, 'not a packet more: no PINGREQ, no DISCONNECT');
    assert.equal(rig.transcript.length, printed);
    assert.equal(rig.client.state, ConnState.Destroyed);
    assert.equal(rig.client.pub('t', 'x', 1), 0);
  });
});
