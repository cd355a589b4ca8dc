/**
 * Every built-in personality visibly changes the behaviour it claims to break, against
 * the same scenario run on the faithful board; the registry, the loader and composition.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConnState } from '../../../harness/virtual/mqtt/connection-state.ts';
import {
  builtInPersonality,
  builtInPersonalityNames,
  composePersonalities,
  faithful,
  loadPersonalities,
  loadPersonality,
  type Personality,
} from '../../../harness/virtual/personalities/index.ts';
import { assertFuzzedSchedule, BACKUP, connectedRig, makeRig, PRIMARY, type Rig, type RigOptions, reconnectRig, runUntil } from './rig.ts';

const p = builtInPersonality;

function withPersonality(personality: Personality, options: RigOptions = {}): Rig {
  return makeRig({ ...options, personality });
}

const connected = connectedRig;
const reconnect = reconnectRig;

/** Delays of the first `n` schedulings against a closed port. */
function delays(personality: Personality, n: number, options: RigOptions = {}): number[] {
  const rig = withPersonality(personality, options);
  rig.start();
  runUntil(rig, `${n} schedulings`, () => rig.delays().length >= n);
  return rig.delays().slice(0, n);
}

/** Which server each of the first `n` attempts went to, as P/B, with a backup that is down. */
function servers(personality: Personality, n: number): string {
  const rig = withPersonality(personality, { mqtt1: { enable: true, server: BACKUP } });
  rig.start();
  runUntil(rig, `${n} attempts`, () => rig.attempts().length >= n);
  return rig
    .attempts()
    .slice(0, n)
    .map((a) => (a.server === PRIMARY ? 'P' : 'B'))
    .join('');
}

describe('schedule personalities', () => {
  it('backoff-no-cap keeps doubling past the maximum', () => {
    assertFuzzedSchedule(delays(faithful, 8), [2, 4, 8, 16, 32, 60, 60, 60]);
    assertFuzzedSchedule(delays(p('backoff-no-cap'), 8), [2, 4, 8, 16, 32, 64, 128, 256]);
  });

  it('backoff-linear grows by min each time', () => {
    assertFuzzedSchedule(delays(p('backoff-linear'), 5), [2, 4, 6, 8, 10]);
  });

  it('jitter-only-adds waits between the nominal delay and 10 % more, never less', () => {
    const nominal = [2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000];
    const got = delays(p('jitter-only-adds'), 8);
    got.forEach((d, i) => {
      assert.ok(d >= nominal[i]! && d <= 1.1 * nominal[i]!, `delay ${i + 1}: ${d} ms for nominal ${nominal[i]}`);
    });
    // The faithful board, same seed, has draws below the nominal too.
    assert.ok(delays(faithful, 8).some((d, i) => d < nominal[i]!));
  });

  it('jitter-replayed waits the same fuzzed delays after every boot and every good session; faithful does not', () => {
    // Two boards with different seeds stand for two boots: a fresh generator differs, a replayed one does not.
    assert.deepEqual(delays(p('jitter-replayed'), 4, { seed: 1 }), delays(p('jitter-replayed'), 4, { seed: 2 }));
    assert.notDeepEqual(delays(faithful, 4, { seed: 1 }), delays(faithful, 4, { seed: 2 }));
    const firstAfterSession = (personality: Personality): number[] => {
      const rig = connected(personality);
      const out: number[] = [];
      for (let i = 0; i < 3; i++) {
        const before = rig.delays().length;
        reconnect(rig);
        out.push(rig.delays()[before]!);
      }
      return out;
    };
    const replayed = firstAfterSession(p('jitter-replayed'));
    assert.equal(new Set(replayed).size, 1, `replayed first delays after a session: ${replayed.join(', ')}`);
    assert.equal(new Set(firstAfterSession(faithful)).size, 3);
  });

  it('backoff-no-jitter waits exactly the nominal delay', () => {
    assert.deepEqual(delays(p('backoff-no-jitter'), 4), [2000, 4000, 8000, 16000]);
    assert.notDeepEqual(delays(faithful, 4), [2000, 4000, 8000, 16000]);
  });

  it('reconnect-immediate does not wait at all', () => {
    assert.deepEqual(delays(p('reconnect-immediate'), 5), [0, 0, 0, 0, 0]);
  });

  it('no-reset-after-connack continues the schedule after a drop', () => {
    const run = (personality: Personality) => {
      const rig = withPersonality(personality);
      rig.start();
      runUntil(rig, '4 attempts', () => rig.attempts().length >= 4);
      rig.net.serve(PRIMARY, 'broker');
      runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
      rig.net.last.closeFromBroker();
      runUntil(rig, 'the schedule after the drop', () => rig.delays().length >= 5);
      return rig.delays().slice(4);
    };
    assertFuzzedSchedule(run(faithful), [2]);
    assertFuzzedSchedule(run(p('no-reset-after-connack')), [32]);
  });

  it('no-failover never tries the backup', () => {
    assert.equal(servers(faithful, 9), 'PPPPPPPBB');
    assert.equal(servers(p('no-failover'), 9), 'PPPPPPPPP');
  });

  it('failover-early switches after three attempts', () => {
    assert.equal(servers(p('failover-early'), 9), 'PPPBBBPPP');
  });

  it('no-return-to-primary stays on the backup', () => {
    assert.equal(servers(faithful, 14), 'PPPPPPPBBBBBPP');
    assert.equal(servers(p('no-return-to-primary'), 14), 'PPPPPPPBBBBBBB');
  });
});

describe('subscription and QoS personalities', () => {
  const resubscribed = (personality: Personality) => {
    const rig = connected(personality);
    rig.client.sub('first');
    rig.client.sub('second', 1);
    reconnect(rig);
    return rig.net.last.sent('subscribe').map((s) => [s.subscriptions[0]!.topic, s.subscriptions[0]!.qos]);
  };

  it('no-resubscribe sends no SUBSCRIBE after a reconnect', () => {
    assert.deepEqual(resubscribed(faithful), [
      ['second', 1],
      ['first', 1],
    ]);
    assert.deepEqual(resubscribed(p('no-resubscribe')), []);
  });

  it('resubscribe-first-only re-sends only the first subscription made', () => {
    assert.deepEqual(resubscribed(p('resubscribe-first-only')), [['first', 1]]);
  });

  it('resubscribe-wrong-qos re-subscribes at QoS 0', () => {
    assert.deepEqual(resubscribed(p('resubscribe-wrong-qos')), [
      ['second', 0],
      ['first', 0],
    ]);
  });

  it('qos-not-downgraded publishes above max_qos', () => {
    const wireQos = (personality: Personality) => {
      const rig = connected(personality, { mqtt: { max_qos: 0 } });
      rig.client.pub('t', 'x', 1);
      rig.clock.advance(0);
      return rig.net.last.sent('publish')[0]!.qos;
    };
    assert.equal(wireQos(faithful), 0);
    assert.equal(wireQos(p('qos-not-downgraded')), 1);
  });

  it('sub-qos-not-downgraded subscribes above max_qos', () => {
    const wireQos = (personality: Personality) => {
      const rig = connected(personality, { mqtt: { max_qos: 0 } });
      rig.client.sub('s');
      rig.clock.advance(0);
      return rig.net.last.sent('subscribe')[0]!.subscriptions[0]!.qos;
    };
    assert.equal(wireQos(faithful), 0);
    assert.equal(wireQos(p('sub-qos-not-downgraded')), 1);
  });
});

describe('queue personalities', () => {
  const replayed = (personality: Personality, options: RigOptions = {}) => {
    const rig = withPersonality(personality, options);
    rig.client.boot();
    for (const m of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) rig.client.pub('q', m, 1);
    rig.net.serve(PRIMARY, 'broker');
    rig.client.onIpAcquired();
    runUntil(rig, 'the replay', () => rig.client.status().queue_len === 0);
    return {
      sent: rig.net.last.sent('publish').map((x) => `${x.payload.toString()}${x.dup ? '*' : ''}`),
      overflows: rig.messages().filter((m) => m === 'MQTT0 queue overflow!').length,
    };
  };

  it('queue-no-dup replays with DUP = 0', () => {
    assert.deepEqual(replayed(faithful).sent, ['c*', 'd*', 'e*', 'f*', 'g*']);
    assert.deepEqual(replayed(p('queue-no-dup')).sent, ['c', 'd', 'e', 'f', 'g']);
  });

  it('queue-unbounded never overflows', () => {
    assert.equal(replayed(faithful).overflows, 2);
    const unbounded = replayed(p('queue-unbounded'));
    assert.equal(unbounded.overflows, 0);
    assert.deepEqual(unbounded.sent, ['a*', 'b*', 'c*', 'd*', 'e*', 'f*', 'g*']);
  });

  it('queue-lost-on-disconnect replays nothing after a reconnect', () => {
    const run = (personality: Personality) => {
      const rig = connected(personality, {}, { mode: 'broker', ackPublishes: false });
      rig.client.pub('q', 'x', 1);
      reconnect(rig);
      return rig.net.last.sent('publish').length;
    };
    assert.equal(run(faithful), 1);
    assert.equal(run(p('queue-lost-on-disconnect')), 0);
  });

  it('no-resend-on-pingresp keeps an unacknowledged publish back after a PINGRESP', () => {
    // Spec "Publishing and the queue": re-sent "only on the next connection or after a PINGRESP".
    const run = (personality: Personality) => {
      const rig = connected(personality, {}, { mode: 'broker', ackPublishes: false });
      rig.client.pub('q', 'x', 1);
      rig.clock.advance(0);
      rig.net.last.deliver({ cmd: 'pingresp' });
      rig.clock.advance(0);
      return rig.net.last.sent('publish').map((p) => p.dup);
    };
    assert.deepEqual(run(faithful), [false, true]);
    assert.deepEqual(run(p('no-resend-on-pingresp')), [false]);
  });

  it('pub-returns-zero-offline returns 0 while offline and the id while connected', () => {
    const rig = withPersonality(p('pub-returns-zero-offline'));
    rig.net.serve(PRIMARY, 'broker');
    rig.client.boot();
    assert.equal(rig.client.pub('t', 'x', 1), 0);
    rig.client.onIpAcquired();
    runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
    assert.equal(rig.client.pub('t', 'y', 1), 2);
  });
});

describe('connection personalities', () => {
  it('wrong-client-id sends another client id', () => {
    assert.equal(connected(faithful).net.last.sent('connect')[0]!.clientId, 'esp32_1CA848');
    assert.notEqual(connected(p('wrong-client-id')).net.last.sent('connect')[0]!.clientId, 'esp32_1CA848');
  });

  it('no-keepalive never pings', () => {
    const pings = (personality: Personality) => {
      const rig = connected(personality, { mqtt: { keep_alive: 5 } });
      rig.clock.advance(20_000);
      return rig.net.last.sent('pingreq').length;
    };
    assert.equal(pings(faithful), 4);
    assert.equal(pings(p('no-keepalive')), 0);
  });

  it('recv-limit-ignored takes a message over recv_mbuf_limit and stays connected', () => {
    const big = (personality: Personality) => {
      const rig = connected(personality, { mqtt: { recv_mbuf_limit: 256 } });
      rig.client.sub('big');
      const conn = rig.net.last;
      conn.deliver({ cmd: 'publish', topic: 'big', payload: Buffer.alloc(400, 0x42), qos: 0, dup: false, retain: false });
      rig.clock.advance(0);
      return { destroyed: conn.destroyed, msgs: rig.events.filter((e) => e.ev === 'msg').length };
    };
    assert.deepEqual(big(faithful), { destroyed: true, msgs: 0 });
    assert.deepEqual(big(p('recv-limit-ignored')), { destroyed: false, msgs: 1 });
  });
});

describe("the library's own defects", () => {
  it('lib-downgrade-queue-jam phase 1: QoS 0 duplicates with DUP = 1 after every PINGRESP', () => {
    const run = (personality: Personality) => {
      const rig = connected(personality, { mqtt: { max_qos: 0, keep_alive: 5 } });
      rig.client.pub('t', 'x', 1);
      rig.clock.advance(10_000);
      return rig.net.last.sent('publish').map((x) => [x.qos, x.dup]);
    };
    assert.deepEqual(run(faithful), [[0, false]]);
    assert.deepEqual(run(p('lib-downgrade-queue-jam')), [
      [0, false],
      [0, true],
      [0, true],
    ]);
  });

  it('lib-downgrade-queue-jam phase 2: after a reconnect later publishes are never sent', () => {
    const run = (personality: Personality) => {
      const rig = connected(personality, { mqtt: { max_qos: 0 } });
      rig.client.pub('t', 'first', 1);
      reconnect(rig);
      rig.client.pub('t', 'later', 1);
      rig.clock.advance(0);
      return rig.net.last.sent('publish').map((x) => `${x.payload.toString()}@${x.qos}${x.dup ? '*' : ''}`);
    };
    assert.deepEqual(run(faithful), ['later@0']);
    assert.deepEqual(run(p('lib-downgrade-queue-jam')), ['first@0*']);
  });

  // Defect 4 (mqtt-client-behaviour.md, "Defects of the implementation"): mgos_mqtt_pub
  // stores the capped flags in the queue entry and the replay sends them unchanged
  // (src/mgos_mqtt_conn.c); the model caps again at send time ("QoS downgrade").
  it('lib-replay-stored-qos replays an entry at the QoS it was queued with, after the cap was lowered', () => {
    const run = (personality: Personality, requested: 1 | 2, loweredTo: number) => {
      const rig = connected(personality, {}, { mode: 'broker', ackPublishes: false });
      rig.client.pub('t', 'queued', requested);
      rig.config.mqtt.max_qos = loweredTo;
      reconnect(rig);
      rig.clock.advance(0);
      const sent = rig.net.last.sent('publish').map((x) => `${x.payload.toString()}@${x.qos}${x.dup ? '*' : ''}`);
      return { sent, queued: rig.client.status().queue_len };
    };
    assert.deepEqual(run(faithful, 1, 0), { sent: ['queued@0'], queued: 0 });
    assert.deepEqual(run(p('lib-replay-stored-qos'), 1, 0), { sent: ['queued@1*'], queued: 1 });
    assert.deepEqual(run(faithful, 2, 1), { sent: ['queued@1*'], queued: 1 });
    assert.deepEqual(run(p('lib-replay-stored-qos'), 2, 1), { sent: ['queued@2*'], queued: 1 });
  });

  it('lib-replay-stored-qos with lib-downgrade-queue-jam is the library: the stale QoS 1 replay blocks later publishes', () => {
    const rig = connected(composePersonalities([p('lib-downgrade-queue-jam'), p('lib-replay-stored-qos')]), {}, { mode: 'broker', ackPublishes: false });
    rig.client.pub('t', 'before', 1);
    rig.config.mqtt.max_qos = 0;
    reconnect(rig);
    rig.client.pub('t', 'after', 1);
    rig.clock.advance(0);
    assert.deepEqual(rig.net.last.sent('publish').map((x) => `${x.payload.toString()}@${x.qos}${x.dup ? '*' : ''}`), ['before@1*']);
    assert.equal(rig.client.status().queue_len, 2);
  });

  it('lib-sticky-qos-override cannot restore the config max_qos', () => {
    const restored = (personality: Personality) => {
      const rig = connected(personality);
      rig.client.setMaxQos(0);
      rig.client.setMaxQos(2);
      return rig.client.status().max_qos;
    };
    assert.equal(restored(faithful), 2);
    assert.equal(restored(p('lib-sticky-qos-override')), 0);
  });

  it('lib-no-puback-unmatched: no PUBACK for unmatched QoS 1, PUBACK for QoS 2, PUBREL unanswered', () => {
    const run = (personality: Personality) => {
      const rig = connected(personality);
      rig.client.sub('q2', 2);
      const conn = rig.net.last;
      conn.deliver({ cmd: 'publish', topic: 'stray', payload: Buffer.from('x'), qos: 1, dup: false, retain: false, messageId: 5 });
      conn.deliver({ cmd: 'publish', topic: 'q2', payload: Buffer.from('y'), qos: 2, dup: false, retain: false, messageId: 6 });
      conn.deliver({ cmd: 'pubrel', messageId: 6 });
      rig.clock.advance(0);
      return conn.received.filter((r) => ['puback', 'pubrec', 'pubcomp'].includes(r.packet.cmd)).map((r) => `${r.packet.cmd} ${r.packet.messageId}`);
    };
    assert.deepEqual(run(faithful), ['puback 5', 'pubrec 6', 'pubcomp 6']);
    assert.deepEqual(run(p('lib-no-puback-unmatched')), ['puback 6']);
  });
});

describe('issue 12 personalities', () => {
  it('pub-drops-retain sends a retained publish with RETAIN 0', () => {
    const run = (personality: Personality) => {
      const rig = connected(personality);
      rig.client.pub('t', 'kept', 1, true);
      rig.clock.advance(0);
      return rig.net.last.sent('publish').map((p) => p.retain);
    };
    assert.deepEqual(run(faithful), [true]);
    assert.deepEqual(run(p('pub-drops-retain')), [false]);
  });

  it('qos2-delivered-twice hands a QoS 2 copy sent again before its PUBREL to the handler again', () => {
    // MQTT 3.1.1 [MQTT-4.3.3-2]: PUBREC again, no second delivery onward.
    const run = (personality: Personality) => {
      const rig = connected(personality);
      rig.client.sub('q2', 2);
      const conn = rig.net.last;
      for (let i = 0; i < 2; i++) conn.deliver({ cmd: 'publish', topic: 'q2', payload: Buffer.from('y'), qos: 2, dup: i > 0, retain: false, messageId: 6 });
      rig.clock.advance(0);
      return { pubrecs: conn.received.filter((r) => r.packet.cmd === 'pubrec').length, msgs: rig.events.filter((e) => e.ev === 'msg').length };
    };
    assert.deepEqual(run(faithful), { pubrecs: 2, msgs: 1 });
    assert.deepEqual(run(p('qos2-delivered-twice')), { pubrecs: 2, msgs: 2 });
  });

  it('handler-first-match-only hands a message two filters match to one handler; every one of them is due', () => {
    // mongoose-os-libs/mqtt 7ba84b6, mgos_mqtt_conn.c call_topic_handler: the loop goes on after a match, one PUBACK.
    const run = (personality: Personality) => {
      const rig = connected(personality);
      rig.client.sub('hil/in/#', 1);
      rig.client.sub('+/in/x', 1);
      const conn = rig.net.last;
      conn.deliver({ cmd: 'publish', topic: 'hil/in/x', payload: Buffer.from('m'), qos: 1, dup: false, retain: false, messageId: 7 });
      rig.clock.advance(0);
      return { pubacks: conn.received.filter((r) => r.packet.cmd === 'puback').length, msgs: rig.events.filter((e) => e.ev === 'msg').length };
    };
    assert.deepEqual(run(faithful), { pubacks: 1, msgs: 2 });
    assert.deepEqual(run(p('handler-first-match-only')), { pubacks: 1, msgs: 1 });
  });

  it('sub-before-connack subscribes while the CONNECT waits; global-conn-after-connack has no conn then', () => {
    // mongoose-os-libs/mqtt 7ba84b6: mgos_mqtt_conn_sub_s sends only `if (c->connected)` (set on CONNACK 0);
    // mgos_mqtt_conn_connect sets c->nc at mg_connect_opt, so mgos_mqtt_get_global_conn is not NULL from the attempt's start.
    const waiting = (personality: Personality) => {
      const rig = withPersonality(personality);
      rig.net.serve(PRIMARY, 'silent');
      rig.start();
      runUntil(rig, 'a CONNECT', () => rig.client.state === ConnState.AwaitingConnack);
      rig.client.sub('hil/early/x', 1);
      return { subscribes: rig.net.last.sent('subscribe').length, conn: rig.client.hasGlobalConn() };
    };
    assert.deepEqual(waiting(faithful), { subscribes: 0, conn: true });
    assert.deepEqual(waiting(p('sub-before-connack')), { subscribes: 1, conn: true });
    assert.deepEqual(waiting(p('global-conn-after-connack')), { subscribes: 0, conn: false });
    // Once connected both are the library's.
    for (const name of ['sub-before-connack', 'global-conn-after-connack']) {
      const rig = connected(p(name));
      rig.client.sub('hil/live', 1);
      assert.equal(rig.net.last.sent('subscribe').length, 1, name);
      assert.equal(rig.client.hasGlobalConn(), true, name);
    }
  });

  it('pubrel-unanswered answers a QoS 2 message PUBREC but its PUBREL with nothing', () => {
    // MQTT 3.1.1 [MQTT-4.3.3-2]: the receiver responds to a PUBREL with a PUBCOMP of the same id.
    const run = (personality: Personality) => {
      const rig = connected(personality);
      rig.client.sub('q2', 2);
      const conn = rig.net.last;
      conn.deliver({ cmd: 'publish', topic: 'q2', payload: Buffer.from('y'), qos: 2, dup: false, retain: false, messageId: 8 });
      conn.deliver({ cmd: 'pubrel', messageId: 8 });
      rig.clock.advance(0);
      return conn.received.map((r) => r.packet.cmd).filter((c) => c === 'pubrec' || c === 'pubcomp');
    };
    assert.deepEqual(run(faithful), ['pubrec', 'pubcomp']);
    assert.deepEqual(run(p('pubrel-unanswered')), ['pubrec']);
  });

  it('puback-twice acknowledges a matched QoS 1 message twice, an unmatched one once', () => {
    const run = (personality: Personality) => {
      const rig = connected(personality);
      rig.client.sub('m/#', 1);
      const conn = rig.net.last;
      conn.deliver({ cmd: 'publish', topic: 'm/x', payload: Buffer.from('x'), qos: 1, dup: false, retain: false, messageId: 5 });
      conn.deliver({ cmd: 'publish', topic: 'stray', payload: Buffer.from('y'), qos: 1, dup: false, retain: false, messageId: 6 });
      rig.clock.advance(0);
      return conn.received.filter((r) => r.packet.cmd === 'puback').map((r) => `puback ${r.packet.messageId}`);
    };
    assert.deepEqual(run(faithful), ['puback 5', 'puback 6']);
    assert.deepEqual(run(p('puback-twice')), ['puback 5', 'puback 5', 'puback 6']);
  });

  it('qos0-dup sends QoS 0 publishes with DUP = 1, QoS 1 first sends still with DUP = 0', () => {
    const run = (personality: Personality) => {
      const rig = connected(personality);
      rig.client.pub('t', 'zero', 0);
      rig.client.pub('t', 'one', 1);
      rig.clock.advance(0);
      return rig.net.last.sent('publish').map((x) => `${x.payload.toString()}@${x.qos}${x.dup ? '*' : ''}`);
    };
    assert.deepEqual(run(faithful), ['zero@0', 'one@1']);
    assert.deepEqual(run(p('qos0-dup')), ['zero@0*', 'one@1']);
  });

  it('cap-lost-on-reconnect forgets the runtime override at the next CONNACK', () => {
    const run = (personality: Personality) => {
      const rig = connected(personality);
      rig.client.setMaxQos(0);
      const before = rig.client.status().max_qos;
      reconnect(rig);
      return [before, rig.client.status().max_qos];
    };
    assert.deepEqual(run(faithful), [0, 0]);
    assert.deepEqual(run(p('cap-lost-on-reconnect')), [0, 2]);
  });
});

describe('registry, loader and composition', () => {
  const expected = [
    'faithful', 'backoff-no-cap', 'backoff-linear', 'backoff-no-jitter', 'jitter-only-adds', 'jitter-replayed', 'reconnect-immediate', 'no-reset-after-connack',
    'no-failover', 'failover-early', 'no-return-to-primary', 'no-resubscribe', 'resubscribe-first-only',
    'resubscribe-wrong-qos', 'qos-not-downgraded', 'sub-qos-not-downgraded', 'queue-lost-on-disconnect', 'queue-no-dup',
    'queue-unbounded', 'wrong-client-id', 'no-keepalive', 'pub-returns-zero-offline', 'lib-downgrade-queue-jam',
    'lib-sticky-qos-override', 'lib-no-puback-unmatched', 'lib-silent-without-backup-server', 'lib-replay-stored-qos',
    'tls-accept-any-cert', 'tls-ignore-name', 'tls-no-client-cert', 'tls-no-psk', 'tls-wrong-default-port',
    'js-pub-returns-one', 'js-sub-gets-filter', 'js-is-connected-sticky', 'js-handler-no-close', 'unsent-bytes-with-topics',
    'packet-id-zero', 'packet-id-reuses-queued', 'require-time-ignored', 'cloud-events-ignore-config', 'pubf-as-printf',
    'puback-twice', 'qos0-dup', 'cap-lost-on-reconnect',
    'backoff-reset-on-refusal', 'resubscribe-once-per-boot', 'queue-replay-reversed', 'queue-dup-on-first-send', 'log-lies-delay', 'unsubscribe-forgotten',
    'recv-limit-ignored',
    'connect-fn-ignored',
    'debug-topic-ignored',
    'raw-handler-publish-only', 'raw-handler-sees-close',
    'ws-path-default', 'ws-ignored', 'reads-whole-packets', 'handler-misses-unsuback', 'disconnect-without-packet', 'enable-read-live', 'skips-malformed', 'unsub-any-topic', 'no-resend-on-pingresp', 'tls-name-for-ip', 'qos2-delivered-twice', 'tls-skips-bad-file', 'pub-drops-retain', 'pubrel-unanswered', 'ws-no-pong', 'tls-error-generic', 'handler-first-match-only',
    'sub-before-connack', 'global-conn-after-connack', 'tls-socket-left-open',
  ];

  it('has every personality of the brief, each with a one-sentence description', () => {
    assert.deepEqual([...builtInPersonalityNames].sort(), [...expected].sort());
    for (const name of expected) {
      const d = builtInPersonality(name).description;
      assert.ok(d.length > 20 && d.endsWith('.'), `${name}: "${d}"`);
    }
    assert.throws(() => builtInPersonality('nope'), /unknown personality "nope".*faithful/);
  });

  it('loads by name and from a module path, and rejects bad modules', async () => {
    assert.equal(await loadPersonality('no-failover'), builtInPersonality('no-failover'));
    const dir = mkdtempSync(join(tmpdir(), 'mgos-hil-personality-'));
    try {
      const good = join(dir, 'lab.mjs');
      writeFileSync(good, "export default { name: 'lab-quirk', description: 'Never fuzzes.', fuzzedDelayMs: (ctx) => ctx.nominalMs };\n");
      const loaded = await loadPersonality(good);
      assert.equal(loaded.name, 'lab-quirk');
      assert.deepEqual(delays(loaded, 2), [2000, 4000]);
      const bad = join(dir, 'bad.mjs');
      writeFileSync(bad, "export default { name: 'bad', description: 'x', fuzz: () => 0 };\n");
      await assert.rejects(loadPersonality(bad), /unknown hook\(s\) fuzz/);
      await assert.rejects(loadPersonality('not-a-personality'), /unknown personality "not-a-personality"/);
      await assert.rejects(loadPersonality(join(dir, 'missing.mjs')), /cannot load personality module/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('combines several personalities: each acts, and the board accepts a list', async () => {
    const both = await loadPersonalities(['backoff-no-jitter', 'backoff-linear']);
    assert.equal(both.name, 'backoff-no-jitter+backoff-linear');
    assert.deepEqual(delays(both, 3), [2000, 4000, 6000]);
    const rig = makeRig({ personality: [p('backoff-no-jitter'), p('no-failover')], mqtt1: { enable: true, server: BACKUP } });
    rig.start();
    runUntil(rig, '9 attempts', () => rig.attempts().length >= 9);
    assert.ok(rig.attempts().every((a) => a.server === PRIMARY));
    assert.deepEqual(rig.delays().slice(0, 3), [2000, 4000, 8000]);
    assert.equal(composePersonalities([]), faithful);
  });
});
