import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as overflowCheck } from '../../harness/checks/queue/overflow.ts';
import { run as replayCheck } from '../../harness/checks/queue/replay.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { type Conn, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const overflow = onInput(overflowCheck);
const replay = onInput(replayCheck);

const T = 'devices/esp32_1CA848/state';

/** Connected, dropped, `offline` publishes made while down, then a new session where `wire` plays the replay. */
function offlineThenReconnect(offline: { payload: string; qos: number; id: number }[], wire: (b: TimelineBuilder, c: Conn) => void, opts = {}) {
  const b = new TimelineBuilder(opts);
  const first = b.session('mqtt');
  b.wait(1000).close(first, 'gate');
  for (const p of offline) b.wait(100).act({ kind: 'pub', topic: T, payload: p.payload, qos: p.qos, packetId: p.id, connected: false });
  b.wait(2000);
  const c = b.session('mqtt');
  b.wait(5);
  wire(b, c);
  b.wait(1000);
  return b.build();
}

const THREE = [{ payload: 'a', qos: 1, id: 4 }, { payload: 'b', qos: 0, id: 5 }, { payload: 'c', qos: 1, id: 6 }];

describe('queue.replay', () => {
  it('passes QoS 1 replayed in order with DUP 1 and original ids, QoS 0 dropped', () => {
    const v = replay(offlineThenReconnect(THREE, (b, c) => b.publish(c, T, 'a', 1, true, 4).tick().publish(c, T, 'c', 1, true, 6)));
    assertPassCounting(v, 2);
  });

  it('fails a lost queue', () => {
    const v = replay(offlineThenReconnect(THREE, () => {}));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /never replayed/);
  });

  it('fails a replay without DUP', () => {
    const v = replay(offlineThenReconnect(THREE, (b, c) => b.publish(c, T, 'a', 1, false, 4).tick().publish(c, T, 'c', 1, false, 6)));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /DUP = 0/);
  });

  it('fails new ids, a wrong order, and a delivered QoS 0', () => {
    const v = replay(offlineThenReconnect(THREE, (b, c) => b.publish(c, T, 'c', 1, true, 6).tick().publish(c, T, 'a', 1, true, 40).tick().publish(c, T, 'b', 0)));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /original 4/);
    assert.match(v.reason, /order/);
    assert.match(v.reason, /QoS 0 publish/);
  });

  /** The replay of THREE (acked unless `ackC` is false), then a QoS 1 publish made `afterMs` later, sent with `dup`. */
  const replayThenOnline = (dup: boolean, afterMs: number, ackC = true) =>
    offlineThenReconnect(THREE, (b, c) => {
      b.publish(c, T, 'a', 1, true, 4).tick().packet(c, 'out', 'puback', { packetId: 4 });
      b.tick().publish(c, T, 'c', 1, true, 6);
      if (ackC) b.tick().packet(c, 'out', 'puback', { packetId: 6 });
      b.wait(afterMs).act({ kind: 'pub', topic: T, payload: 'online', qos: 1, packetId: 7, connected: true });
      b.tick().publish(c, T, 'online', 1, dup, 7);
    });

  it('passes a first send with DUP = 0 once the replay has drained, and counts it', () => {
    const v = replay(replayThenOnline(false, 200));
    assertPassCounting(v, 2);
    assert.match(v.reason, /; 1 first send\(s\) with DUP = 0/);
  });

  it('fails a first send with DUP = 1 on a drained session [3.3.1.1]', () => {
    const v = replay(replayThenOnline(true, 200));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /"online".*DUP = 1 on its first send/);
  });

  it('judges a publish made right after the board logged that its queue drained', () => {
    const v = replay(
      offlineThenReconnect(THREE, (b, c) => {
        b.publish(c, T, 'a', 1, true, 4).tick().packet(c, 'out', 'puback', { packetId: 4 });
        b.tick().publish(c, T, 'c', 1, true, 6).tick().packet(c, 'out', 'puback', { packetId: 6 });
        b.tick().log('MQTT0 queue drained', 'mgos_mqtt_conn.c', 322);
        b.tick().act({ kind: 'pub', topic: T, payload: 'online', qos: 1, packetId: 7, connected: true });
        b.tick().publish(c, T, 'online', 1, true, 7);
      }),
    );
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /DUP = 1 on its first send/);
  });

  it('does not judge a publish made while the replay was in flight or within ε of it (it is sent as a replay)', () => {
    for (const v of [replay(replayThenOnline(true, 200, false)), replay(replayThenOnline(true, 20))]) {
      assertPassCounting(v, 2);
      assert.match(v.reason, /; 0 first send\(s\)/);
    }
  });

  it('skips without offline QoS 1 publishes', () => {
    assert.equal(replay(offlineThenReconnect([{ payload: 'b', qos: 0, id: 5 }], () => {})).verdict, 'skip');
  });

  it('has nothing to judge when no session followed the offline publishes', () => {
    const b = new TimelineBuilder();
    b.closedPort('mqtt');
    b.wait(100).act({ kind: 'pub', topic: T, payload: 'a', qos: 1, packetId: 1, connected: false });
    b.wait(2000).closedPort('mqtt').wait(4000).closedPort('mqtt').wait(1000);
    assertNothingToJudge(replay(b.build()), /followed by a session/);
  });

  it('does not judge publishes lost to a reset (the queue is in RAM)', () => {
    const b = new TimelineBuilder();
    b.act({ kind: 'pub', topic: T, payload: 'a', qos: 1, packetId: 1, connected: false }).wait(10).act({ kind: 'reset' }).banner().wait(2000);
    b.session('mqtt');
    b.wait(1000);
    assert.equal(replay(b.build()).verdict, 'skip');
  });
});

describe('queue.overflow', () => {
  const SEVEN = [1, 2, 3, 4, 5, 6, 7].map((i) => ({ payload: `m${i}`, qos: 1, id: i }));
  const replayIds = (ids: number[]) => (b: TimelineBuilder, c: Conn) => {
    for (const i of ids) b.tick().publish(c, T, `m${i}`, 1, true, i);
  };

  it('passes when only the newest 5 survive', () => {
    const v = overflow(offlineThenReconnect(SEVEN, replayIds([3, 4, 5, 6, 7])));
    assertPassCounting(v, 5);
  });

  it('fails an unbounded queue', () => {
    const v = overflow(offlineThenReconnect(SEVEN, replayIds([1, 2, 3, 4, 5, 6, 7])));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /not bounded/);
  });

  it('fails when the newest are dropped instead of the oldest', () => {
    const v = overflow(offlineThenReconnect(SEVEN, replayIds([1, 2, 3, 4, 5])));
    assert.equal(v.verdict, 'fail');
  });

  it('honours max_queue_length', () => {
    const v = overflow(offlineThenReconnect(SEVEN.slice(0, 3), replayIds([2, 3]), { mqtt: { max_queue_length: 2 } }));
    assert.equal(v.verdict, 'pass', v.reason);
  });

  it('skips without an overflow', () => {
    assertNothingToJudge(overflow(offlineThenReconnect(SEVEN.slice(0, 2), replayIds([1, 2]))), /no offline period with more QoS ≥ 1 publishes/);
  });

  describe('with the queue disabled (max_queue_length 0)', () => {
    const disabled = { mqtt: { max_queue_length: 0 } };

    it('passes when nothing is replayed on a session watched past the grace', () => {
      assertPassCounting(overflow(offlineThenReconnect(SEVEN.slice(0, 2), () => {}, disabled)), 2);
    });

    it('fails a replay of a queue that should not exist', () => {
      const v = overflow(offlineThenReconnect(SEVEN.slice(0, 2), replayIds([1, 2]), disabled));
      assert.equal(v.verdict, 'fail');
      assert.match(v.reason, /not bounded/);
    });

    it('has nothing to judge when the session dropped before a replay could have shown', () => {
      const b = new TimelineBuilder(disabled);
      const first = b.session('mqtt');
      b.wait(1000).close(first, 'gate');
      b.wait(100).act({ kind: 'pub', topic: T, payload: 'm1', qos: 1, packetId: 1, connected: false });
      b.wait(2000);
      const c = b.session('mqtt');
      b.wait(20).close(c, 'gate');
      assertNothingToJudge(overflow(b.build()), /did not stay up/);
    });
  });
});
