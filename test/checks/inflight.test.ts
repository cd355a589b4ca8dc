import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as inflightCheck } from '../../harness/checks/queue/inflight-resend.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { type Conn, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const inflight = onInput(inflightCheck);

const T = 'hil/inflight/out';

/**
 * A QoS 1 publish (id 7) sent on a first session whose PUBACK never came (the gate cut the
 * session), then a second session where `wire` plays what the device re-sends. Spec
 * "Publishing and the queue": kept until PUBACK, re-sent on the next connection with DUP = 1
 * (every replay) and its packet id; MQTT 3.1.1 [MQTT-3.3.1-1] for the DUP flag.
 */
function droppedInFlight(wire: (b: TimelineBuilder, c: Conn) => void, opts: { acked?: boolean; cap?: number; holdMs?: number } = {}) {
  const b = new TimelineBuilder();
  const first = b.session('mqtt');
  b.wait(100).act({ kind: 'pub', topic: T, payload: 'held', qos: 1, packetId: 7, connected: true }).tick().publish(first, T, 'held', 1, false, 7);
  if (opts.acked) b.tick().packet(first, 'out', 'puback', { packetId: 7 });
  b.wait(5).close(first, 'gate', 'rst');
  if (opts.cap !== undefined) b.act({ kind: 'config', mqtt: { max_qos: opts.cap } });
  b.wait(2000);
  const c = b.session('mqtt');
  b.wait(5);
  wire(b, c);
  b.wait(opts.holdMs ?? 1000);
  return b.build();
}

describe('queue.inflight-resend', () => {
  it('passes a re-send with DUP = 1 and the same id on the next session', () => {
    assertPassCounting(inflight(droppedInFlight((b, c) => b.publish(c, T, 'held', 1, true, 7))), 1);
  });

  it('fails when the in-flight publish is never re-sent', () => {
    const v = inflight(droppedInFlight(() => {}));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /in-flight hil\/inflight\/out "held" \(id 7, lost with primary#0\) was never re-sent on primary#1/);
  });

  it('fails a re-send with DUP = 0, and one with another id', () => {
    assert.match(inflight(droppedInFlight((b, c) => b.publish(c, T, 'held', 1, false, 7))).reason, /re-sent with DUP = 0/);
    assert.match(inflight(droppedInFlight((b, c) => b.publish(c, T, 'held', 1, true, 8))).reason, /re-sent with id 8, expected the same id 7/);
  });

  it('expects a re-send capped to QoS 0 by the cap now in force, with DUP = 0', () => {
    assertPassCounting(inflight(droppedInFlight((b, c) => b.publish(c, T, 'held', 0, false), { cap: 0 })), 1);
    assert.match(inflight(droppedInFlight((b, c) => b.publish(c, T, 'held', 1, true, 7), { cap: 0 })).reason, /re-sent at QoS 1, expected 0/);
  });

  it('has nothing to judge when the publish was acknowledged before the drop', () => {
    assertNothingToJudge(inflight(droppedInFlight(() => {}, { acked: true })), /unacknowledged/);
  });

  it('has nothing to judge when the next session ended before it could re-send', () => {
    const input = droppedInFlight(() => {}, { holdMs: 100 });
    assertNothingToJudge(inflight(input));
  });
});

/**
 * A QoS 1 publish (id 9) whose PUBACK the gate swallows on a session that stays up, then a
 * PINGRESP, then what `wire` plays. Spec "Publishing and the queue": "a message already sent
 * on the current connection is re-sent only on the next connection or after a PINGRESP",
 * with DUP = 1 for every replay ([MQTT-3.3.1-1]).
 */
function heldOnLiveSession(wire: (b: TimelineBuilder, c: Conn) => void, opts: { acked?: boolean; holdMs?: number } = {}) {
  const b = new TimelineBuilder();
  const c = b.session('mqtt');
  b.wait(100).act({ kind: 'pub', topic: T, payload: 'kept', qos: 1, packetId: 9, connected: true }).tick().publish(c, T, 'kept', 1, false, 9);
  if (opts.acked) b.tick().packet(c, 'out', 'puback', { packetId: 9 });
  b.wait(3000).packet(c, 'in', 'pingreq').tick().packet(c, 'out', 'pingresp');
  b.tick();
  wire(b, c);
  b.wait(opts.holdMs ?? 1000);
  return b.build();
}

describe('queue.inflight-resend on a session that stays up', () => {
  it('passes a re-send with DUP = 1 and the same id right after the PINGRESP', () => {
    assertPassCounting(inflight(heldOnLiveSession((b, c) => b.publish(c, T, 'kept', 1, true, 9))), 1);
  });

  it('fails when nothing is sent again after the PINGRESP', () => {
    const v = inflight(heldOnLiveSession(() => {}));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /after the PINGRESP on primary#0, in-flight hil\/inflight\/out "kept" \(id 9\) was never sent again on the same session/);
  });

  it('fails a re-send with DUP = 0, and one that waited for a later trigger', () => {
    assert.match(inflight(heldOnLiveSession((b, c) => b.publish(c, T, 'kept', 1, false, 9))).reason, /sent again with DUP = 0/);
    assert.match(inflight(heldOnLiveSession((b, c) => b.wait(2000).publish(c, T, 'kept', 1, true, 9))).reason, /sent again only \d+ ms later/);
  });

  it('has nothing to judge when the publish was acknowledged before the PINGRESP, or the session ended at once', () => {
    assertNothingToJudge(inflight(heldOnLiveSession(() => {}, { acked: true })));
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(100).publish(c, T, 'kept', 1, false, 9).wait(3000).packet(c, 'out', 'pingresp').tick().close(c, 'gate', 'rst');
    assertNothingToJudge(inflight(b.build()));
  });
});
