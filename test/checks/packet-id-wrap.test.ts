/**
 * api.packet-id-wrap on synthetic timelines. Where the expected ids come from:
 * - impl (mongoose-os-libs/mqtt, mgos_mqtt_conn_get_packet_id): a 16-bit counter per
 *   connection object, stepped until it is neither 0 nor the id of an entry still in the
 *   offline queue; every publish (QoS 0 too), SUBSCRIBE and UNSUBSCRIBE takes one; a QoS ≥ 1
 *   publish stays in the queue until its PUBACK/PUBREC, the oldest pushed out past
 *   max_queue_length;
 * - doc (mgos_mqtt.h): "never 0 (so after 0xffff it'll be 1)"; it says nothing of queued ids.
 * The first timeline is the scenario in scenarios/api.spec.ts as the faithful board plays it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as packetIdWrapCheck, successor } from '../../harness/checks/api/packet-id-wrap.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { type Conn, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const packetIdWrap = onInput(packetIdWrapCheck);
const T = 'hil/api/ids';

/** A QoS 1 HIL.Pub as the scenario records it. */
function pub(b: TimelineBuilder, payload: string, packetId: number, connected: boolean, qos: 0 | 1 = 1): void {
  b.wait(5).act({ kind: 'pub', topic: T, payload, qos, retain: false, packetId, connected });
}

/** The broker gets `payload` with `id` and acknowledges it. */
function onWire(b: TimelineBuilder, c: Conn, payload: string, id: number, dup = false): void {
  b.wait(5).publish(c, T, payload, 1, dup, id).tick().packet(c, 'out', 'puback', { packetId: id });
}

/**
 * The scenario: offline from boot, `held` queued on the boot's first id (1); HIL.PacketIds
 * brings the counter to 65534; two offline publishes; the session replays the queue; one
 * publish after the replay. `ids` are the ids the board gives after-65534, after-the-wrap,
 * after-the-replay (faithful: 65535; 0 and the queued 1 skipped → 2; then 3).
 */
function wrapScenario(ids: [number, number, number], opts: { zeros?: number; maxQueue?: number } = {}) {
  const b = new TimelineBuilder({ mqtt: { max_queue_length: opts.maxQueue ?? 10 } });
  b.closedPort('mqtt');
  pub(b, 'held', 1, false);
  b.wait(5).act({ kind: 'packet-ids', count: 1, first: 2, last: 2, zeros: 0, wraps: 0 });
  b.wait(5).act({ kind: 'packet-ids', count: 65532, first: 3, last: 65534, zeros: opts.zeros ?? 0, wraps: 0 });
  pub(b, 'after-65534', ids[0], false);
  pub(b, 'after-the-wrap', ids[1], false);
  b.wait(1000);
  const c = b.session('mqtt');
  // The replay, oldest first, with DUP = 1 and the ids the entries took.
  if (opts.maxQueue !== 1) onWire(b, c, 'held', 1, true);
  if (opts.maxQueue !== 1) onWire(b, c, 'after-65534', ids[0], true);
  onWire(b, c, 'after-the-wrap', ids[1], true);
  pub(b, 'after-the-replay', ids[2], true);
  onWire(b, c, 'after-the-replay', ids[2]);
  return b.build();
}

describe('api.packet-id-wrap', () => {
  it('successor: +1, 65535 → 1, 0 and held ids stepped over', () => {
    assert.deepEqual(successor(41, new Set()), { id: 42, skipped: [] });
    assert.deepEqual(successor(65535, new Set()), { id: 1, skipped: [] });
    assert.deepEqual(successor(65535, new Set([1, 2])), { id: 3, skipped: [1, 2] });
    assert.deepEqual(successor(65534, new Set([1])), { id: 65535, skipped: [] });
  });

  it("passes the library's counter: 65535, then 2 (0 and the queued 1 skipped), then 3", () => {
    const v = packetIdWrap(wrapScenario([65535, 2, 3]));
    assertPassCounting(v, 3);
    assert.match(v.reason, /1 wrap\(s\) from 65535 to 1, 1 queued id\(s\) stepped over/);
    assert.ok(v.source.some((s) => s.id === 'impl.packet-id') && v.source.some((s) => s.id === 'doc.packet-id'));
  });

  it('fails id 0 after 65535 (packet-id-zero)', () => {
    // The doc: "never 0 (so after 0xffff it'll be 1)"; here the queued 1 makes it 2.
    const v = packetIdWrap(wrapScenario([65535, 0, 1]));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /packet id 0/);
    assert.match(v.reason, /took id 0 after 65535; expected 2/);
  });

  it('fails a new publish taking the id of one still queued (packet-id-reuses-queued)', () => {
    // impl: the counter skips ids held by queue entries; the doc's "after 0xffff it'll be 1" alone would allow 1.
    const v = packetIdWrap(wrapScenario([65535, 1, 2]));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /took id 1 after 65535; expected 2 \(1 is still held by a queued publish\)/);
  });

  it('fails a counter that does not continue from where HIL.PacketIds left it', () => {
    assert.match(packetIdWrap(wrapScenario([1, 2, 3])).reason, /took id 1 after 65534; expected 65535/);
    // Restarting on the new session.
    assert.match(packetIdWrap(wrapScenario([65535, 2, 1])).reason, /took id 1 after 2; expected 3/);
  });

  it("fails the firmware's own report of a 0 among the ids it drew", () => {
    assert.match(packetIdWrap(wrapScenario([65535, 2, 3], { zeros: 1 })).reason, /HIL.PacketIds saw 1 id\(s\) equal to 0/);
  });

  it('does not skip an id whose message the queue pushed out (max_queue_length 1)', () => {
    // impl: the queue keeps the newest max_queue_length entries; `held` (1) was dropped when
    // after-65534 was queued, so after-the-wrap takes 1.
    assertPassCounting(packetIdWrap(wrapScenario([65535, 1, 2], { maxQueue: 1 })), 3);
    assert.equal(packetIdWrap(wrapScenario([65535, 2, 3], { maxQueue: 1 })).verdict, 'fail');
  });

  it('plain wrap while connected: 65535, 1, 2 (each acked at once), QoS 0 publishes and SUBSCRIBEs count too', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(5).act({ kind: 'packet-ids', count: 65534, first: 1, last: 65534, zeros: 0, wraps: 0 });
    pub(b, 'a', 65535, true);
    onWire(b, c, 'a', 65535);
    pub(b, 'b', 1, true, 0); // QoS 0: the id HIL.Pub returned (none on the wire)
    b.wait(5).packet(c, 'in', 'subscribe', { packetId: 2, subscriptions: [{ topic: 'hil/x', qos: 1 }] });
    pub(b, 'c', 3, true);
    onWire(b, c, 'c', 3);
    const v = packetIdWrap(b.build());
    assertPassCounting(v, 4);
    assert.match(v.reason, /1 wrap\(s\)/);
  });

  it('fails a SUBSCRIBE with id 0', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(5).act({ kind: 'packet-ids', count: 65535, first: 1, last: 65535, zeros: 0, wraps: 0 });
    b.wait(5).packet(c, 'in', 'subscribe', { packetId: 0, subscriptions: [{ topic: 'hil/x', qos: 1 }] });
    const v = packetIdWrap(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /SUBSCRIBE went to the broker with packet id 0/);
  });

  it('judges nothing without HIL.PacketIds, even a 0 on the wire (another check\'s business there)', () => {
    assertNothingToJudge(packetIdWrap(new TimelineBuilder().build()), /HIL.PacketIds/);
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    pub(b, 'x', 0, true);
    b.wait(5).publish(c, T, 'x', 1, false, 0);
    assertNothingToJudge(packetIdWrap(b.build()));
    const d = new TimelineBuilder();
    d.act({ kind: 'packet-ids', count: 1, first: 1, last: 1, zeros: 0, wraps: 0 });
    assertNothingToJudge(packetIdWrap(d.build()), /no packet id was taken/);
  });
});
