import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as pubReturnOffline } from '../../harness/checks/api/pub-return-offline.ts';
import { run as pubackUnmatched } from '../../harness/checks/delivery/puback-unmatched.ts';
import { run as willOnAbruptLoss } from '../../harness/checks/will/on-abrupt-loss.ts';
import { TimelineBuilder } from './builders.ts';

describe('will.on-abrupt-loss', () => {
  function resetDuringSession(willArrives: boolean, observeMs = 15_000) {
    const b = new TimelineBuilder({ mqtt: { keep_alive: 5, will_topic: 'hil/will', will_message: 'offline' } });
    b.act({ kind: 'peer-subscribe', broker: 'primary', topic: 'hil/#' });
    const c = b.session('mqtt');
    b.wait(1000).act({ kind: 'reset', how: 'dtr-rts' }).wait(7500).close(c, 'broker', 'error');
    if (willArrives) b.wait(2).act({ kind: 'peer-received', broker: 'primary', topic: 'hil/will', payload: 'offline', qos: 0 });
    b.wait(observeMs);
    return b.build();
  }

  it('passes when the peer receives the will after the reset', () => {
    const v = willOnAbruptLoss(resetDuringSession(true));
    assert.equal(v.verdict, 'pass', v.reason);
  });

  it('fails when no will arrives', () => {
    const v = willOnAbruptLoss(resetDuringSession(false));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /no will/);
  });

  it('skips when the slice ends too soon, or without a will configured', () => {
    assert.equal(willOnAbruptLoss(resetDuringSession(false, 0)).verdict, 'skip');
    const b = new TimelineBuilder();
    b.act({ kind: 'peer-subscribe', broker: 'primary', topic: '#' });
    b.session('mqtt');
    b.wait(100).act({ kind: 'reset' }).wait(200_000);
    assert.equal(willOnAbruptLoss(b.build()).verdict, 'skip');
  });
});

describe('api.pub-return-offline', () => {
  const offlinePub = (packetId: number, enable = true) => {
    const b = new TimelineBuilder({ mqtt: { enable } });
    b.act({ kind: 'pub', topic: 't', payload: 'x', qos: 1, packetId, connected: false });
    b.act({ kind: 'pub', topic: 't', payload: 'y', qos: 0, packetId: packetId === 0 ? 0 : packetId + 1, connected: false });
    return b.build();
  };

  it('passes packet ids ≠ 0 while offline (impl), naming the doc difference', () => {
    const v = pubReturnOffline(offlinePub(3));
    assert.equal(v.verdict, 'pass', v.reason);
    assert.ok(v.source.some((s) => s.id === 'doc.pub.offline-zero') && v.source.some((s) => s.id === 'impl.pub.packet-id'));
    assert.match(v.reason, /differs from the doc/);
  });

  it('fails a pub returning 0 offline', () => {
    assert.equal(pubReturnOffline(offlinePub(0)).verdict, 'fail');
  });

  it('expects 0 when mqtt was disabled at boot', () => {
    assert.equal(pubReturnOffline(offlinePub(0, false)).verdict, 'pass');
  });

  it('skips without offline publishes', () => {
    assert.equal(pubReturnOffline(new TimelineBuilder().build()).verdict, 'skip');
  });
});

describe('delivery.puback-unmatched', () => {
  function unmatched(acks: number) {
    const b = new TimelineBuilder({ mqtt: { clean_session: false } });
    const c = b.session('mqtt');
    b.act({ kind: 'sub', topic: 'hil/in/#' }).wait(100).act({ kind: 'unsub', topic: 'hil/in/#' });
    b.wait(100).packet(c, 'out', 'publish', { topic: 'hil/in/x', qos: 1, packetId: 77, payload: 'late' });
    for (let i = 0; i < acks; i++) b.wait(5).packet(c, 'in', 'puback', { packetId: 77 });
    b.wait(1000);
    return b.build();
  }

  it('passes one PUBACK for a QoS 1 message matching no subscription', () => {
    const v = pubackUnmatched(unmatched(1));
    assert.equal(v.verdict, 'pass', v.reason);
  });

  it('fails without a PUBACK', () => {
    const v = pubackUnmatched(unmatched(0));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /no PUBACK/);
    assert.ok(v.source.some((s) => s.id === 'mqtt.puback'));
  });

  it('skips when every delivered message matched a subscription', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.act({ kind: 'sub', topic: 'hil/in/#' }).wait(100).packet(c, 'out', 'publish', { topic: 'hil/in/x', qos: 1, packetId: 5 }).wait(1000);
    assert.equal(pubackUnmatched(b.build()).verdict, 'skip');
  });
});
