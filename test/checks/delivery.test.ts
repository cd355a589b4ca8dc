import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as pubackMatchedCheck } from '../../harness/checks/delivery/puback-matched.ts';
import { run as qos0NoDupCheck } from '../../harness/checks/delivery/qos0-no-dup.ts';
import { run as qos2Check } from '../../harness/checks/delivery/qos2-exactly-once.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const pubackMatched = onInput(pubackMatchedCheck);
const qos0NoDup = onInput(qos0NoDupCheck);
const qos2 = onInput(qos2Check);

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

// MQTT 3.1.1 §4.3.3 [MQTT-4.3.3-2]: a QoS 2 PUBLISH is answered PUBREC; a copy with the same id
// before the PUBREL is answered PUBREC again and not delivered onward twice. The `msg` lines are
// the firmware's HIL event format (docs/firmware-contract.md).
describe('delivery.qos2-exactly-once', () => {
  const T = 'hil/persist/exactly-once';
  const msg = (packetId: number) => ({ ev: 'msg', topic: T, msg: 'once', len: 4, qos: 2, dup: 0, retain: 0, packet_id: packetId, t: 0 }) as const;
  /**
   * A QoS 2 delivery (id 27) on a first session, answered `answer`, the session cut; on the
   * second session the broker sends id 27 again (DUP 0, as aedes does), answered `answer`;
   * `handled` msg lines in all (the second, if any, arriving after the PUBREL went by).
   */
  function redelivered(opts: { answer?: 'pubrec' | 'puback'; handled?: number; pubrelBetween?: boolean; pubcomps?: number; tailMs?: number } = {}) {
    const answer = opts.answer ?? 'pubrec';
    const handled = opts.handled ?? 1;
    const b = new TimelineBuilder();
    const first = b.session('mqtt');
    b.act({ kind: 'sub', topic: T, qos: 2 }).wait(100).packet(first, 'out', 'publish', { topic: T, qos: 2, packetId: 27, payload: 'once' });
    b.tick().hil(msg(27)).tick().packet(first, 'in', answer, { packetId: 27 });
    if (opts.pubrelBetween) b.tick().packet(first, 'out', 'pubrel', { packetId: 27 }).tick().packet(first, 'in', 'pubcomp', { packetId: 27 });
    b.tick().close(first, 'gate', 'rst').wait(2000);
    const second = b.session('mqtt');
    b.wait(5).packet(second, 'out', 'publish', { topic: T, qos: 2, packetId: 27, payload: 'once' }).tick().packet(second, 'in', answer, { packetId: 27 });
    b.tick().packet(second, 'out', 'pubrel', { packetId: 27 });
    for (let i = 0; i < (opts.pubcomps ?? 1); i++) b.tick().packet(second, 'in', 'pubcomp', { packetId: 27 });
    for (let i = 1; i < handled; i++) b.tick().hil(msg(27));
    b.wait(opts.tailMs ?? 1000);
    return b.build();
  }

  it('passes a redelivery answered PUBREC and handled once, its PUBREL answered PUBCOMP', () => {
    assertPassCounting(qos2(redelivered()), 3);
  });

  it('fails a redelivery handed to the handler again (its line arriving after the PUBREL)', () => {
    const v = qos2(redelivered({ handled: 2 }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /QoS 2 message hil\/persist\/exactly-once id 27 on primary#1 is a redelivery of the message first delivered on primary#0 before its PUBREL, and the handler got it 2 times/);
  });

  it('fails a QoS 2 message answered with PUBACK (the library\'s defect)', () => {
    assert.match(qos2(redelivered({ answer: 'puback', handled: 2 })).reason, /answered with PUBACK; QoS 2 is answered with PUBREC/);
  });

  it('takes the same id after a PUBREL as a new message, not a redelivery', () => {
    assertPassCounting(qos2(redelivered({ pubrelBetween: true, handled: 2 })), 4);
  });

  // [MQTT-4.3.3-2]: the receiver MUST respond to a PUBREL by sending a PUBCOMP with the same id.
  it('fails a PUBREL the device never answers with PUBCOMP', () => {
    assert.match(qos2(redelivered({ pubcomps: 0 })).reason, /no PUBCOMP for the broker's PUBREL id 27 on primary#1/);
  });

  it('says so when a PUBREL went unjudged (the slice ended within ε of it), so a pass over the deliveries alone reads as such', () => {
    const v = qos2(redelivered({ pubcomps: 0, tailMs: 1 }));
    assert.equal(v.verdict, 'pass');
    assert.match(v.reason, /2 matched QoS 2 deliveries, 0 PUBREL\(s\)\).*\(1 PUBREL\(s\) not judged: the connection ended within ε of them\)/);
  });

  it('fails a PUBREL answered with two PUBCOMPs', () => {
    assert.match(qos2(redelivered({ pubcomps: 2 })).reason, /2 PUBCOMPs for the broker's PUBREL id 27 on primary#1; expected one/);
  });

  it('has nothing to judge without a matched QoS 2 delivery', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.act({ kind: 'sub', topic: 'other/#', qos: 2 }).wait(100).packet(c, 'out', 'publish', { topic: T, qos: 2, packetId: 3, payload: 'x' }).wait(1000);
    assertNothingToJudge(qos2(b.build()), /no QoS 2 message matching a subscription/);
  });
});
