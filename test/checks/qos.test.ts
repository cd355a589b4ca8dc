import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as overrideRestoreCheck } from '../../harness/checks/qos/override-restore.ts';
import { run as publishDowngradeCheck } from '../../harness/checks/qos/publish-downgrade.ts';
import { run as qos0OnlyBrokerCheck } from '../../harness/checks/qos/qos0-only-broker.ts';
import { run as subscribeDowngradeCheck } from '../../harness/checks/qos/subscribe-downgrade.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { type Conn, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const overrideRestore = onInput(overrideRestoreCheck);
const publishDowngrade = onInput(publishDowngradeCheck);
const qos0OnlyBroker = onInput(qos0OnlyBrokerCheck);
const subscribeDowngrade = onInput(subscribeDowngradeCheck);

const T = 'devices/esp32_1CA848/state';

/** Cap 0, then `n` QoS 1 publishes while connected; `wire` says what the device sends for the i-th. */
function downgraded(wire: (b: TimelineBuilder, c: Conn, i: number) => void, n = 3) {
  const b = new TimelineBuilder({ mqtt: { keep_alive: 5 } });
  const c = b.session('mqtt');
  b.wait(100).act({ kind: 'set-max-qos', qos: 0 });
  for (let i = 0; i < n; i++) {
    b.wait(200).act({ kind: 'pub', topic: T, payload: `m${i}`, qos: 1, packetId: 10 + i, connected: true });
    b.wait(5);
    wire(b, c, i);
  }
  return { b, c };
}
const correctly = (b: TimelineBuilder, c: Conn, i: number) => b.publish(c, T, `m${i}`, 0);

describe('qos.publish-downgrade', () => {
  it('passes QoS 1 publishes sent once at QoS 0 with DUP 0', () => {
    const { b, c } = downgraded(correctly);
    b.wait(5000).packet(c, 'in', 'pingreq').tick().packet(c, 'out', 'pingresp').wait(1000);
    const v = publishDowngrade(b.build());
    assertPassCounting(v, 3);
  });

  it('passes across a reconnect when later publishes still go out', () => {
    const { b, c } = downgraded(correctly);
    b.wait(1000).close(c, 'gate');
    b.wait(100).act({ kind: 'pub', topic: T, payload: 'offline', qos: 1, packetId: 20, connected: false });
    b.wait(1900);
    const c2 = b.session('mqtt');
    b.wait(100).act({ kind: 'pub', topic: T, payload: 'after', qos: 1, packetId: 21, connected: true }).wait(5).publish(c2, T, 'after', 0).wait(1000);
    assert.equal(publishDowngrade(b.build()).verdict, 'pass');
  });

  it('fails QoS not downgraded', () => {
    const v = publishDowngrade(downgraded((b, c, i) => b.publish(c, T, `m${i}`, 1, false, 10 + i)).b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /went out at QoS 1, expected 0/);
  });

  it('fails the queue jam, phase 1: the head re-sent as QoS 0 with DUP 1 after PINGRESP', () => {
    const { b, c } = downgraded(correctly);
    b.wait(5000).packet(c, 'in', 'pingreq').tick().packet(c, 'out', 'pingresp').tick().publish(c, T, 'm0', 0, true);
    b.wait(5000).packet(c, 'in', 'pingreq').tick().packet(c, 'out', 'pingresp').tick().publish(c, T, 'm0', 0, true);
    const v = publishDowngrade(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /DUP = 1/);
    assert.match(v.reason, /duplicates/);
    assert.ok(v.source.some((s) => s.id === 'mqtt.dup.qos0'));
  });

  it('fails the queue jam, phase 2: after a reconnect later publishes are never sent', () => {
    const { b, c } = downgraded(correctly, 1);
    b.wait(1000).close(c, 'gate').wait(2000);
    const c2 = b.session('mqtt');
    b.publish(c2, T, 'm0', 0, true);
    b.wait(100).act({ kind: 'pub', topic: T, payload: 'later', qos: 1, packetId: 30, connected: true }).wait(3000);
    const v = publishDowngrade(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason + v.evidence.map((e) => e.what).join(), /later/);
  });

  it('skips without a publish above the cap', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.act({ kind: 'pub', topic: T, payload: 'x', qos: 1, packetId: 1, connected: true }).publish(c, T, 'x', 1, false, 1);
    assertNothingToJudge(publishDowngrade(b.build()), /no publish was made with a QoS above the cap/);
  });

  it('has nothing to judge when every publish was made offline at wire QoS 0 (rightly dropped, so nothing went out)', () => {
    const b = new TimelineBuilder({ mqtt: { max_qos: 0, keep_alive: 5 } });
    const c = b.session('mqtt');
    b.wait(1000).close(c, 'gate');
    for (let i = 0; i < 3; i++) b.wait(100).act({ kind: 'pub', topic: T, payload: `off${i}`, qos: 1, packetId: 10 + i, connected: false });
    b.wait(2000);
    b.session('mqtt');
    b.wait(12_000);
    assertNothingToJudge(publishDowngrade(b.build()), /none of the 3 publish\(es\) above the cap reached the wire \(3 made offline at wire QoS 0/);
  });

  it('has nothing to judge when the board never connected', () => {
    const b = new TimelineBuilder({ mqtt: { max_qos: 0 } });
    b.closedPort('mqtt');
    b.wait(100).act({ kind: 'pub', topic: T, payload: 'never', qos: 1, packetId: 1, connected: false });
    b.wait(2000).closedPort('mqtt').wait(4000).closedPort('mqtt');
    assertNothingToJudge(publishDowngrade(b.build()), /reached the wire/);
  });

  it('still fails a connected publish above the cap that never went out, with nothing else on the wire', () => {
    const b = new TimelineBuilder({ mqtt: { max_qos: 0 } });
    b.session('mqtt');
    b.wait(100).act({ kind: 'pub', topic: T, payload: 'lost', qos: 1, packetId: 1, connected: true }).wait(5000);
    const v = publishDowngrade(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /never reached the broker/);
  });
});

describe('qos.subscribe-downgrade', () => {
  function sub(qosOnWire: number) {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.act({ kind: 'set-max-qos', qos: 0 }).wait(10).act({ kind: 'sub', topic: 'hil/in/#' });
    b.wait(5).packet(c, 'in', 'subscribe', { packetId: 3, subscriptions: [{ topic: 'hil/in/#', qos: qosOnWire }] });
    return b.build();
  }

  it('passes a SUBSCRIBE capped to 0', () => {
    assertPassCounting(subscribeDowngrade(sub(0)), 1);
  });

  it('fails a SUBSCRIBE not downgraded', () => {
    const v = subscribeDowngrade(sub(1));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /asked QoS 1, expected 0/);
  });

  it('skips without a cap below the request', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.act({ kind: 'sub', topic: 'a' }).wait(5).packet(c, 'in', 'subscribe', { packetId: 3, subscriptions: [{ topic: 'a', qos: 1 }] });
    assert.equal(subscribeDowngrade(b.build()).verdict, 'skip');
  });

  it('has nothing to judge when the capped subscription was never sent (the board stayed offline)', () => {
    const b = new TimelineBuilder({ mqtt: { max_qos: 0 } });
    b.closedPort('mqtt');
    b.wait(100).act({ kind: 'sub', topic: 'hil/in/#' }).wait(2000).closedPort('mqtt').wait(1000);
    assertNothingToJudge(subscribeDowngrade(b.build()), /no SUBSCRIBE/);
  });
});

describe('qos.qos0-only-broker', () => {
  function greengrass(afterDowngrade: (b: TimelineBuilder, c: Conn) => void, control = false) {
    const b = new TimelineBuilder({ mqtt: { keep_alive: 5 } });
    b.fault('primary', 'qos0-only');
    if (control) {
      const c0 = b.session('mqtt');
      b.wait(100).act({ kind: 'pub', topic: T, payload: 'control', qos: 1, packetId: 1, connected: true }).publish(c0, T, 'control', 1, false, 1).tick().close(c0, 'gate');
      b.wait(2000);
    }
    const c = b.session('mqtt');
    b.wait(50).act({ kind: 'set-max-qos', qos: 0 });
    afterDowngrade(b, c);
    b.wait(12_000);
    return b.build();
  }
  const twoPubs = (wire: (b: TimelineBuilder, c: Conn, payload: string) => void) => (b: TimelineBuilder, c: Conn) => {
    for (const [i, payload] of ['a', 'b'].entries()) {
      b.wait(100).act({ kind: 'pub', topic: T, payload, qos: i === 0 ? 1 : 0, packetId: 5 + i, connected: true }).wait(5);
      wire(b, c, payload);
    }
  };

  it('passes: stays connected, every publish arrives once at QoS 0, DUP 0 (with the control cut off)', () => {
    const v = qos0OnlyBroker(greengrass(twoPubs((b, c, p) => b.publish(c, T, p, 0)), true));
    assert.equal(v.verdict, 'pass', v.reason);
    assert.ok(v.evidence.some((e) => e.what.startsWith('control:')));
  });

  it('fails a board that sends QoS 1 and is cut off', () => {
    const v = qos0OnlyBroker(greengrass((b, c) => {
      b.wait(100).act({ kind: 'pub', topic: T, payload: 'a', qos: 1, packetId: 5, connected: true }).wait(5).publish(c, T, 'a', 1, false, 5).tick().close(c, 'gate');
    }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /with the cap at 0 the device sent/);
  });

  it('fails the jam: QoS 0 duplicates with DUP 1', () => {
    const v = qos0OnlyBroker(greengrass(twoPubs((b, c, p) => {
      b.publish(c, T, p, 0);
      if (p === 'a') b.wait(5000).packet(c, 'in', 'pingreq').tick().packet(c, 'out', 'pingresp').tick().publish(c, T, p, 0, true);
    })));
    assert.equal(v.verdict, 'fail');
  });

  it('skips when the gate did not cut off the control', () => {
    const b = new TimelineBuilder();
    b.fault('primary', 'qos0-only');
    const c0 = b.session('mqtt');
    b.wait(100).publish(c0, T, 'control', 1, false, 1).wait(100).act({ kind: 'set-max-qos', qos: 0 });
    b.wait(100).act({ kind: 'pub', topic: T, payload: 'a', qos: 1, packetId: 5, connected: true }).publish(c0, T, 'a', 0).wait(1000);
    const v = qos0OnlyBroker(b.build());
    assert.equal(v.verdict, 'skip');
    assert.match(v.reason, /not working/);
  });

  it('skips without a qos0-only fault', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    assert.equal(qos0OnlyBroker(b.build()).verdict, 'skip');
  });
});

describe('qos.override-restore', () => {
  function lowerThenRestore(wireQos: number) {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(100).act({ kind: 'set-max-qos', qos: 0 });
    b.wait(100).act({ kind: 'pub', topic: T, payload: 'low', qos: 1, packetId: 2, connected: true }).wait(5).publish(c, T, 'low', 0);
    b.wait(100).act({ kind: 'set-max-qos', qos: 2 });
    b.wait(100).act({ kind: 'pub', topic: T, payload: 'restored', qos: 1, packetId: 3, connected: true }).wait(5).publish(c, T, 'restored', wireQos, false, 3);
    b.wait(100);
    return b.build();
  }

  it('passes when the restored cap applies', () => {
    const v = overrideRestore(lowerThenRestore(1));
    assertPassCounting(v, 1);
  });

  it('fails a sticky override', () => {
    const v = overrideRestore(lowerThenRestore(0));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /override stuck/);
    assert.ok(v.source.some((s) => s.id === 'impl.qos.sticky-override'));
  });

  it('skips without a lower-then-raise sequence', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    b.act({ kind: 'set-max-qos', qos: 0 });
    assert.equal(overrideRestore(b.build()).verdict, 'skip');
  });

  it('has nothing to judge when no publish after the restore reached the wire', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(100).act({ kind: 'set-max-qos', qos: 0 }).wait(100).act({ kind: 'set-max-qos', qos: 2 });
    b.wait(100).close(c, 'gate').wait(100).act({ kind: 'pub', topic: T, payload: 'offline', qos: 1, packetId: 3, connected: false }).wait(1000);
    assertNothingToJudge(overrideRestore(b.build()), /no publish above the lowered cap was seen on the wire/);
  });
});
