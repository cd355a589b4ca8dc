import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as allTopicsCheck } from '../../harness/checks/resubscribe/all-topics.ts';
import { run as deliveryCheck } from '../../harness/checks/resubscribe/delivery.ts';
import { run as resubQosCheck } from '../../harness/checks/resubscribe/qos.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const allTopics = onInput(allTopicsCheck);
const delivery = onInput(deliveryCheck);
const resubQos = onInput(resubQosCheck);

/** Subscribe to two topics on a first session, drop it, reconnect with `resub`; the second session lasts `holdMs`. */
function reconnectWith(resub: { topic: string; qos: number }[], b = new TimelineBuilder(), holdMs = 3000) {
  const first = b.session('mqtt');
  b.wait(100).act({ kind: 'sub', topic: 'hil/in/#' }).packet(first, 'in', 'subscribe', { packetId: 1, subscriptions: [{ topic: 'hil/in/#', qos: 1 }] });
  b.wait(100).act({ kind: 'sub', topic: 'devices/esp32_1CA848/cmd' }).packet(first, 'in', 'subscribe', { packetId: 2, subscriptions: [{ topic: 'devices/esp32_1CA848/cmd', qos: 1 }] });
  b.wait(5000).close(first, 'gate');
  b.wait(2000);
  const second = b.session('mqtt', resub);
  b.wait(holdMs);
  return { b, first, second };
}

const BOTH = [{ topic: 'devices/esp32_1CA848/cmd', qos: 1 }, { topic: 'hil/in/#', qos: 1 }];

describe('resubscribe.all-topics', () => {
  it('passes when every remembered topic is re-subscribed (any order)', () => {
    const v = allTopics(reconnectWith(BOTH).b.build());
    assertPassCounting(v, 1);
  });

  it('fails when only the first topic is re-subscribed', () => {
    const v = allTopics(reconnectWith(BOTH.slice(0, 1)).b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /no SUBSCRIBE for hil\/in\/#/);
  });

  it('fails when nothing is re-subscribed', () => {
    assert.equal(allTopics(reconnectWith([]).b.build()).verdict, 'fail');
  });

  it('expects subscriptions made offline at the next CONNACK, and not unsubscribed ones', () => {
    const b = new TimelineBuilder();
    b.act({ kind: 'sub', topic: 'a' }).act({ kind: 'sub', topic: 'b' }).act({ kind: 'unsub', topic: 'b' });
    b.wait(2000);
    b.session('mqtt', [{ topic: 'a', qos: 1 }]);
    b.wait(1000);
    assert.equal(allTopics(b.build()).verdict, 'pass');
  });

  // Spec "Resubscription": mgos_mqtt_unsub forgets the topic, so the next CONNACK re-sends only what is left.
  it('fails when a topic unsubscribed before the drop is sent again', () => {
    const b = new TimelineBuilder();
    b.act({ kind: 'sub', topic: 'a' }).act({ kind: 'sub', topic: 'b' }).wait(10).act({ kind: 'unsub', topic: 'b' });
    b.wait(2000);
    b.session('mqtt', [{ topic: 'a', qos: 1 }, { topic: 'b', qos: 1 }]);
    b.wait(1000);
    const v = allTopics(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /SUBSCRIBE for b, which the device no longer remembers/);
  });

  it('fails when every topic was unsubscribed and one is still re-sent', () => {
    const b = new TimelineBuilder();
    b.act({ kind: 'sub', topic: 'a' }).wait(10).act({ kind: 'unsub', topic: 'a' });
    b.wait(2000);
    b.session('mqtt', [{ topic: 'a', qos: 1 }]);
    b.wait(1000);
    assert.equal(allTopics(b.build()).verdict, 'fail');
  });

  // mgos_mqtt_conn_sub_s (mongoose-os-libs/mqtt 7ba84b6): `if (c->connected) do_sub(c, s)`, and
  // `connected` is set on CONNACK 0, so a sub made while the CONNECT waits is only remembered.
  it('passes a subscription made while the CONNECT waits, sent once after the CONNACK', () => {
    const b = new TimelineBuilder();
    const c = b.accept('mqtt');
    b.tick().connect(c, 'mqtt').wait(500).act({ kind: 'sub', topic: 'hil/early/x' });
    b.wait(4000).packet(c, 'out', 'connack', { returnCode: 0, sessionPresent: false });
    b.tick().packet(c, 'in', 'subscribe', { packetId: 1, subscriptions: [{ topic: 'hil/early/x', qos: 1 }] });
    b.wait(1000);
    assertPassCounting(allTopics(b.build()), 1);
  });

  it('fails a SUBSCRIBE sent before the CONNACK (and the topic sent again at it)', () => {
    const b = new TimelineBuilder();
    const c = b.accept('mqtt');
    b.tick().connect(c, 'mqtt').wait(500).act({ kind: 'sub', topic: 'hil/early/x' });
    b.tick().packet(c, 'in', 'subscribe', { packetId: 1, subscriptions: [{ topic: 'hil/early/x', qos: 1 }] });
    b.wait(4000).packet(c, 'out', 'connack', { returnCode: 0, sessionPresent: false });
    b.tick().packet(c, 'in', 'subscribe', { packetId: 2, subscriptions: [{ topic: 'hil/early/x', qos: 1 }] });
    b.wait(1000);
    const v = allTopics(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /SUBSCRIBE for hil\/early\/x before the CONNACK/);
  });

  it('passes a session that re-sends nothing after every topic was unsubscribed', () => {
    const b = new TimelineBuilder();
    b.act({ kind: 'sub', topic: 'a' }).wait(10).act({ kind: 'unsub', topic: 'a' });
    b.wait(2000);
    b.session('mqtt');
    b.wait(1000);
    assertPassCounting(allTopics(b.build()), 1);
  });

  it('does not count a live subscription on the session as extra', () => {
    const { b, second } = reconnectWith(BOTH);
    b.act({ kind: 'sub', topic: 'live/x' }).tick().packet(second, 'in', 'subscribe', { packetId: 7, subscriptions: [{ topic: 'live/x', qos: 1 }] });
    b.wait(1000);
    assertPassCounting(allTopics(b.build()), 1);
  });

  it('skips without remembered topics', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    b.wait(1000);
    assert.equal(allTopics(b.build()).verdict, 'skip');
  });

  it('has nothing to judge when the session after the reconnect ended before it could re-subscribe', () => {
    const { b, second } = reconnectWith([], new TimelineBuilder(), 100);
    b.close(second, 'gate').wait(5000);
    assertNothingToJudge(allTopics(b.build()), /stayed up long enough to re-subscribe/);
  });
});

describe('resubscribe.qos', () => {
  it('passes QoS = min(remembered, current max)', () => {
    assertPassCounting(resubQos(reconnectWith(BOTH).b.build()), 2);
  });

  it('fails a wrong QoS', () => {
    const v = resubQos(reconnectWith([{ topic: 'devices/esp32_1CA848/cmd', qos: 0 }, { topic: 'hil/in/#', qos: 1 }]).b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /re-subscribed at QoS 0, expected 1/);
  });

  it('fails when a cap lowered since is not applied', () => {
    const b = new TimelineBuilder();
    b.act({ kind: 'sub', topic: 'a', qos: 2 }).wait(10).act({ kind: 'set-max-qos', qos: 1 }).wait(2000);
    b.session('mqtt', [{ topic: 'a', qos: 2 }]);
    b.wait(1000);
    assert.equal(resubQos(b.build()).verdict, 'fail');
  });

  it('skips without re-sent SUBSCRIBEs', () => {
    assertNothingToJudge(resubQos(reconnectWith([]).b.build()), /no re-sent SUBSCRIBE/);
  });

  it('has nothing to judge when the session after the reconnect ended before it could re-subscribe', () => {
    const { b, second } = reconnectWith([], new TimelineBuilder(), 100);
    b.close(second, 'gate').wait(5000);
    assertNothingToJudge(resubQos(b.build()));
  });
});

describe('resubscribe.delivery', () => {
  function peerPublish(received: boolean) {
    const { b, second } = reconnectWith(BOTH);
    b.act({ kind: 'peer-publish', broker: 'primary', topic: 'hil/in/x', qos: 1, payload: 'hello' });
    b.wait(20).packet(second, 'out', 'publish', { topic: 'hil/in/x', qos: 1, packetId: 9, payload: 'hello' });
    if (received) b.tick().hil({ ev: 'msg', topic: 'hil/in/x', msg: 'hello', len: 5, qos: 1, dup: 0, packet_id: 9, t: 10_000 });
    b.wait(1000);
    return b.build();
  }

  it('passes when the peer message reaches the handler after the reconnect', () => {
    const v = delivery(peerPublish(true));
    assertPassCounting(v, 1);
    assert.ok(v.evidence.some((e) => e.what.includes('"ev":"msg"')));
  });

  it('fails when no msg event follows', () => {
    const v = delivery(peerPublish(false));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /never reached/);
  });

  // The library's mgos_mqtt_conn.c call_topic_handler (mongoose-os-libs/mqtt 7ba84b6) calls
  // the handler of every subscription whose filter matches, going on after a match; the old
  // fw/src/mgos_mqtt.c returned after the first. With 'hil/in/#' and '+/in/x' both held,
  // a message on hil/in/x owes two `msg` lines.
  function twoFilters(lines: number, extra?: (b: TimelineBuilder) => void) {
    const { b, second } = reconnectWith(BOTH);
    b.act({ kind: 'sub', topic: '+/in/x' }).packet(second, 'in', 'subscribe', { packetId: 3, subscriptions: [{ topic: '+/in/x', qos: 1 }] });
    extra?.(b);
    b.wait(100).act({ kind: 'peer-publish', broker: 'primary', topic: 'hil/in/x', qos: 1, payload: 'two' });
    b.wait(20).packet(second, 'out', 'publish', { topic: 'hil/in/x', qos: 1, packetId: 9, payload: 'two' });
    for (let i = 0; i < lines; i++) b.tick().hil({ ev: 'msg', topic: 'hil/in/x', msg: 'two', len: 3, qos: 1, dup: 0, packet_id: 9, t: 10_000 });
    b.wait(1000);
    return b.build();
  }

  it('passes when a message two subscriptions match reaches both handlers', () => {
    const v = delivery(twoFilters(2));
    assertPassCounting(v, 1);
    assert.deepEqual(v.observed, [{ topic: 'hil/in/x', delivered: true, handlers: 2 }]);
  });

  it('fails when a message two subscriptions match reaches one handler only (the old mgos_mqtt.c)', () => {
    const v = delivery(twoFilters(1));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /reached 1 handler\(s\), but 2 subscription\(s\) made with HIL\.Sub match it/);
  });

  it('fails when a message reaches more handlers than subscriptions match it (a matcher that ignores the levels)', () => {
    const v = delivery(twoFilters(3));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /reached 3 handler\(s\), but 2/);
  });

  it('counts a topic subscribed twice as two handlers, and an unsubscribe as removing one', () => {
    assertPassCounting(delivery(twoFilters(3, (b) => b.act({ kind: 'sub', topic: '+/in/x' }))), 1);
    assertPassCounting(delivery(twoFilters(1, (b) => b.act({ kind: 'unsub', topic: '+/in/x', removed: true }))), 1);
  });

  it('skips when the peer published only before any reconnect', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    b.act({ kind: 'sub', topic: 'hil/in/#' }).wait(10).act({ kind: 'peer-publish', broker: 'primary', topic: 'hil/in/x', qos: 1, payload: 'x' });
    assert.equal(delivery(b.build()).verdict, 'skip');
  });

  it('has nothing to judge when the peer published after the reconnect only to topics nobody subscribed', () => {
    const { b } = reconnectWith(BOTH);
    b.act({ kind: 'peer-publish', broker: 'primary', topic: 'elsewhere/x', qos: 1, payload: 'x' }).wait(1000);
    b.act({ kind: 'peer-publish', broker: 'backup', topic: 'hil/in/x', qos: 1, payload: 'y' }).wait(1000);
    assertNothingToJudge(delivery(b.build()), /no peer publish to a subscribed topic/);
  });
});
