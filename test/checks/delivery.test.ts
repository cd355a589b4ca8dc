import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as pubackMatchedCheck } from '../../harness/checks/delivery/puback-matched.ts';
import { run as qos0NoDupCheck } from '../../harness/checks/delivery/qos0-no-dup.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const pubackMatched = onInput(pubackMatchedCheck);
const qos0NoDup = onInput(qos0NoDupCheck);

// Spec "Resubscription": a QoS ≥ 1 PUBLISH matching a subscription gets exactly one PUBACK,
// even when several subscriptions match; MQTT 3.1.1 [MQTT-4.3.2-2] names the packet id.
describe('delivery.puback-matched', () => {
  /** Two overlapping subscriptions, one QoS 1 delivery matching both, `acks` PUBACKs with `ackId`. */
  function matched(acks: number, ackId = 41, redeliver = false) {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.act({ kind: 'sub', topic: 'hil/in/#' }).act({ kind: 'sub', topic: 'hil/+/x' });
    b.wait(100).packet(c, 'out', 'publish', { topic: 'hil/in/x', qos: 1, packetId: 41, payload: 'cmd' });
    for (let i = 0; i < acks; i++) b.wait(5).packet(c, 'in', 'puback', { packetId: ackId });
    if (redeliver) b.wait(100).packet(c, 'out', 'publish', { topic: 'hil/in/x', qos: 1, packetId: 41, dup: true, payload: 'cmd' }).wait(5).packet(c, 'in', 'puback', { packetId: 41 });
    b.wait(1000);
    return b.build();
  }

  it('passes one PUBACK for a message matching two subscriptions', () => {
    assertPassCounting(pubackMatched(matched(1)), 1);
  });

  it('fails two PUBACKs for one delivery', () => {
    const v = pubackMatched(matched(2));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /2 PUBACKs for matched QoS 1 message hil\/in\/x id 41/);
  });

  it('fails without a PUBACK, and with a PUBACK carrying another id', () => {
    assert.match(pubackMatched(matched(0)).reason, /no PUBACK for matched/);
    assert.equal(pubackMatched(matched(1, 42)).verdict, 'fail');
  });

  it('counts a redelivery\'s PUBACK for the redelivery, not as a second one for the first', () => {
    assertPassCounting(pubackMatched(matched(1, 41, true)), 2);
  });

  it('has nothing to judge without a matched delivery, or one that came as the slice ended', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.act({ kind: 'sub', topic: 'hil/in/#' }).wait(100).packet(c, 'out', 'publish', { topic: 'other/x', qos: 1, packetId: 5 }).wait(1000);
    b.packet(c, 'out', 'publish', { topic: 'hil/in/x', qos: 1, packetId: 6 }).tick();
    assertNothingToJudge(pubackMatched(b.build()), /no QoS 1 message matching a subscription/);
  });
});

// MQTT 3.1.1 [MQTT-3.3.1-2]: DUP must be 0 on every QoS 0 PUBLISH.
describe('delivery.qos0-no-dup', () => {
  function sent(dups: boolean[]) {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    for (const [i, dup] of dups.entries()) b.wait(100).publish(c, 'hil/out', `m${i}`, 0, dup);
    b.wait(100).publish(c, 'hil/out', 'q1', 1, true, 9);
    return b.build();
  }

  it('passes QoS 0 PUBLISHes with DUP = 0 (a QoS 1 re-send with DUP = 1 is not its business)', () => {
    const v = qos0NoDup(sent([false, false]));
    assertPassCounting(v, 2);
    assert.equal(v.evidence.length, 2, 'a pass shows the publishes it judged');
  });

  it('fails a QoS 0 PUBLISH with DUP = 1', () => {
    const v = qos0NoDup(sent([false, true]));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /QoS 0 PUBLISH hil\/out "m1" with DUP = 1/);
    assert.ok(v.source.some((s) => s.id === 'mqtt.dup.qos0'));
  });

  it('has nothing to judge without a QoS 0 PUBLISH', () => {
    assertNothingToJudge(qos0NoDup(sent([])), /no QoS 0 PUBLISH/);
  });
});
