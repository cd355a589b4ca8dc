import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as pubReturnOfflineCheck } from '../../harness/checks/api/pub-return-offline.ts';
import { run as pubackUnmatchedCheck } from '../../harness/checks/delivery/puback-unmatched.ts';
import { run as willOnAbruptLossCheck } from '../../harness/checks/will/on-abrupt-loss.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const pubReturnOffline = onInput(pubReturnOfflineCheck);
const pubackUnmatched = onInput(pubackUnmatchedCheck);
const willOnAbruptLoss = onInput(willOnAbruptLossCheck);

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
    assertPassCounting(v, 1);
  });

  it('fails when no will arrives', () => {
    const v = willOnAbruptLoss(resetDuringSession(false));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /no will/);
  });

  it('skips when the slice ends too soon, or without a will configured', () => {
    assertNothingToJudge(willOnAbruptLoss(resetDuringSession(false, 0)), /slice ended before the broker could notice/);
    const b = new TimelineBuilder();
    b.act({ kind: 'peer-subscribe', broker: 'primary', topic: '#' });
    b.session('mqtt');
    b.wait(100).act({ kind: 'reset' }).wait(200_000);
    assert.equal(willOnAbruptLoss(b.build()).verdict, 'skip');
  });

  it('has nothing to judge when the reset came after the session was already gone', () => {
    const b = new TimelineBuilder({ mqtt: { keep_alive: 5, will_topic: 'hil/will', will_message: 'offline' } });
    b.act({ kind: 'peer-subscribe', broker: 'primary', topic: 'hil/#' });
    const c = b.session('mqtt');
    b.wait(1000).close(c, 'gate').wait(100).act({ kind: 'reset' }).wait(20_000);
    assertNothingToJudge(willOnAbruptLoss(b.build()), /no reset of a session with a will/);
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
    assertPassCounting(v, 2);
    assert.ok(v.source.some((s) => s.id === 'doc.pub.offline-zero') && v.source.some((s) => s.id === 'impl.pub.packet-id'));
    assert.match(v.reason, /differs from the doc/);
  });

  it('fails a pub returning 0 offline', () => {
    assert.equal(pubReturnOffline(offlinePub(0)).verdict, 'fail');
  });

  it('expects 0 when mqtt was disabled at boot, and says so', () => {
    const v = pubReturnOffline(offlinePub(0, false));
    assertPassCounting(v, 2);
    assert.match(v.reason, /mqtt disabled at boot returned 0/);
  });

  it('has nothing to judge when every publish was made while connected', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    b.act({ kind: 'pub', topic: 't', payload: 'x', qos: 1, packetId: 7, connected: true });
    assertNothingToJudge(pubReturnOffline(b.build()), /no publish was made while offline/);
    assertNothingToJudge(pubReturnOffline(new TimelineBuilder().build()));
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
    assertPassCounting(v, 1);
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

  it('has nothing to judge when the unmatched message came as the slice ended (its PUBACK may still be on the way)', () => {
    const b = new TimelineBuilder({ mqtt: { clean_session: false } });
    const c = b.session('mqtt');
    b.wait(100).packet(c, 'out', 'publish', { topic: 'hil/in/x', qos: 1, packetId: 77, payload: 'late' }).tick();
    assertNothingToJudge(pubackUnmatched(b.build()), /no QoS 1 message matching no subscription/);
  });
});
