/**
 * events.handler-set on synthetic timelines. Expected values: mgos_mqtt_conn.c
 * (call_topic_handler: a subscription's handler gets a PUBLISH matching its filter and the
 * SUBACK whose id is its latest SUBSCRIBE's, renewed at every re-subscription; CONNACK,
 * PUBACK and CLOSE go to the connection handlers only) and mgos_mqtt_get_global_conn
 * (the connection's nc: set from the attempt's start until its close).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as handlerSetCheck } from '../../harness/checks/events/handler-set.ts';
import type { HilEvent } from '../../harness/contract/hil.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const handlerSet = onInput(handlerSetCheck);
const FILTER = 'hil/raw/+';

type Raw = Extract<HilEvent, { ev: 'raw_ev' }>;
const raw = (b: TimelineBuilder, e: Omit<Raw, 'ev' | 't' | 'filter'>) => b.hil({ ev: 'raw_ev', filter: FILTER, ...e, t: Math.round(b.t) } as Raw);

interface Board {
  /** Whether the handler is told of its SUBACKs (faithful: yes). */
  subacks?: boolean;
  /** Whether it is told of the close too (faithful: no). */
  close?: boolean;
  /** Whether it is told of the broker's PUBACK too (faithful: no). */
  puback?: boolean;
  /** Whether it is told of the QoS 0 message (faithful: yes). */
  qos0?: boolean;
  /** What HIL.GlobalConn says while the second session is up (faithful: conn true). */
  connUp?: boolean;
  /** What it says after the explicit disconnect (faithful: conn false). */
  connAfter?: boolean;
  /** Device seconds per wall second (at 20 the whole scenario lies within the last 500 harness ms). */
  timeScale?: number;
  /** The packet id the handler is told for the QoS 1 message (faithful: 7, the PUBLISH's; null: none). */
  qos1Id?: number | null;
  /** Device ms from the QoS 1 message to the gate's drop (1150 in the default story). */
  dropAfterMs?: number;
}

/**
 * Connected; HIL.RawSub hil/raw/+ (SUBSCRIBE id 1, SUBACK); the broker sends hil/raw/a at
 * QoS 1 (id 7) and hil/raw/b at QoS 0, and hil/other (no match); the device publishes at
 * QoS 1 (the broker's PUBACK 2); the gate drops the session; the next one re-subscribes
 * (id 100, SUBACK); HIL.GlobalConn while it is up; HIL.Disconnect and HIL.GlobalConn again.
 */
function scenario(board: Board = {}) {
  const { subacks = true, close = false, puback = false, qos0 = true, connUp = true, connAfter = false, timeScale = 1, qos1Id = 7, dropAfterMs = 1150 } = board;
  const b = new TimelineBuilder({ timeScale });
  const c = b.session('mqtt');
  b.wait(100).act({ kind: 'raw-sub', topic: FILTER, repliedAt: b.t + 5 });
  b.packet(c, 'in', 'subscribe', { packetId: 1, subscriptions: [{ topic: FILTER, qos: 1 }] }).wait(10);
  b.packet(c, 'out', 'suback', { packetId: 1, granted: [1] }).tick();
  if (subacks) raw(b, { mg_ev: 209, packet_id: 1 });
  b.wait(100).packet(c, 'out', 'publish', { topic: 'hil/raw/a', payload: 'one', qos: 1, packetId: 7, dup: false, retain: false }).tick();
  raw(b, { mg_ev: 203, topic: 'hil/raw/a', qos: 1, ...(qos1Id === null ? {} : { packet_id: qos1Id }), len: 3 });
  b.wait(10).packet(c, 'out', 'publish', { topic: 'hil/raw/b', payload: 'two', qos: 0, dup: false, retain: false }).tick();
  if (qos0) raw(b, { mg_ev: 203, topic: 'hil/raw/b', qos: 0, len: 3 });
  b.wait(10).packet(c, 'out', 'publish', { topic: 'hil/other', payload: 'no', qos: 0, dup: false, retain: false });
  b.wait(10).publish(c, 'hil/out', 'p', 1, false, 2).wait(10).packet(c, 'out', 'puback', { packetId: 2 }).tick();
  if (puback) raw(b, { mg_ev: 204, packet_id: 2 });
  b.wait(dropAfterMs - 150).close(c, 'gate', 'rst').tick().hil({ ev: 'close', t: Math.round(b.t) });
  if (close) raw(b, { mg_ev: 5 });
  b.wait(2000);
  const c2 = b.session('mqtt', [{ topic: FILTER, qos: 1 }]);
  b.tick();
  if (subacks) raw(b, { mg_ev: 209, packet_id: 100 });
  b.wait(600).act({ kind: 'global-conn', repliedAt: b.t + 5, conn: connUp, connected: connUp });
  b.wait(100).act({ kind: 'disconnect' }).wait(10).close(c2, 'device', 'fin');
  b.wait(600).act({ kind: 'global-conn', repliedAt: b.t + 5, conn: connAfter, connected: false }).wait(600);
  return b.build();
}

describe('events.handler-set', () => {
  it('passes the library: both SUBACKs, both matching PUBLISHes, no PUBACK or CLOSE, the conn as the connection stood', () => {
    // 2 SUBACK + 2 PUBLISH + 1 PUBACK absent + 1 close absent (the gate's drop; the second session ends after HIL.Disconnect too) + 2 GlobalConn.
    const v = handlerSet(scenario());
    assertPassCounting(v, 9);
    assert.ok(v.source.some((s) => s.id === 'impl.raw-sub') && v.source.some((s) => s.id === 'doc.raw-sub'));
  });

  it('fails a handler that never gets its SUBACK (raw-handler-publish-only)', () => {
    const v = handlerSet(scenario({ subacks: false }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /SUBACK 1 of the SUBSCRIBE hil\/raw\/\+.*never called with 209/);
    assert.match(v.reason, /and 1 more/);
  });

  it('at time scale 20, where the whole scenario is the tail: the same count, and a missing SUBACK still fails', () => {
    // The board was asked HIL.GlobalConn after each event, so each line was due (SETTLE_MS).
    assertPassCounting(handlerSet(scenario({ timeScale: 20 })), 9);
    assert.equal(handlerSet(scenario({ timeScale: 20, subacks: false })).verdict, 'fail');
  });

  it('fails a handler that is told of the close or of a PUBACK', () => {
    assert.match(handlerSet(scenario({ close: true })).reason, /called with 5 \(EV_CLOSE\), which the library hands to the connection handlers only/);
    assert.match(handlerSet(scenario({ puback: true })).reason, /called with 204 \(EV_PUBACK\)/);
  });

  // call_topic_handler passes the mg_mqtt_message, message_id included: the handler is told the PUBLISH's packet id.
  it("fails a handler told another packet id, or none, for a QoS 1 message — also one whose line was not required (a drop soon after)", () => {
    assert.match(handlerSet(scenario({ qos1Id: 8 })).reason, /PUBLISH hil\/raw\/a qos 1 id 7 .*called with packet id 8/);
    assert.match(handlerSet(scenario({ qos1Id: null, timeScale: 20, dropAfterMs: 200 })).reason, /PUBLISH hil\/raw\/a qos 1 id 7 .*called with packet id \(none\)/);
    assertPassCounting(handlerSet(scenario({ timeScale: 20, dropAfterMs: 200 })), 9);
  });

  it('fails a handler that misses a matching QoS 0 message', () => {
    assert.match(handlerSet(scenario({ qos0: false })).reason, /PUBLISH hil\/raw\/b qos 0 .*never called with 203/);
  });

  it('fails a NULL conn while a session is up, and a conn after the disconnect closed the socket', () => {
    assert.match(handlerSet(scenario({ connUp: false })).reason, /NULL while mgos_mqtt_global_is_connected\(\) said true|returned NULL; expected a connection/);
    assert.match(handlerSet(scenario({ connAfter: true })).reason, /returned a connection; expected NULL \(after HIL.Disconnect/);
  });

  // mgos_mqtt_conn_connect (mongoose-os-libs/mqtt 7ba84b6) sets c->nc at mg_connect_opt, before any CONNACK:
  // mgos_mqtt_get_global_conn returns it while the CONNECT waits.
  it('wants a conn while the CONNECT waits for its CONNACK, and fails NULL there', () => {
    const during = (conn: boolean) => {
      const b = new TimelineBuilder();
      const c = b.accept('mqtt');
      b.tick().connect(c, 'mqtt').wait(500).act({ kind: 'global-conn', repliedAt: b.t + 5, conn, connected: false });
      b.wait(3000).packet(c, 'out', 'connack', { returnCode: 0, sessionPresent: false }).wait(1000);
      return handlerSet(b.build());
    };
    assertPassCounting(during(true), 1);
    const v = during(false);
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /returned NULL; expected a connection .*its CONNECT at the gate before it/);
  });

  it('with mqtt disabled at boot, GlobalConn must answer NULL', () => {
    const b = new TimelineBuilder({ mqtt: { enable: false } });
    b.wait(100).act({ kind: 'global-conn', repliedAt: b.t + 5, conn: false, connected: false });
    assertPassCounting(handlerSet(b.build()), 1);
    const bad = new TimelineBuilder({ mqtt: { enable: false } });
    bad.wait(100).act({ kind: 'global-conn', repliedAt: bad.t + 5, conn: true, connected: false });
    assert.equal(handlerSet(bad.build()).verdict, 'fail');
  });

  it('a PUBLISH on a topic the filter does not match fails', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(100).act({ kind: 'raw-sub', topic: FILTER, repliedAt: b.t + 5 });
    b.packet(c, 'in', 'subscribe', { packetId: 1, subscriptions: [{ topic: FILTER, qos: 1 }] }).wait(10).packet(c, 'out', 'suback', { packetId: 1, granted: [1] }).tick();
    raw(b, { mg_ev: 209, packet_id: 1 });
    b.wait(10).packet(c, 'out', 'publish', { topic: 'hil/other', payload: 'no', qos: 0, dup: false, retain: false }).tick();
    raw(b, { mg_ev: 203, topic: 'hil/other', qos: 0, len: 2 });
    b.wait(1000);
    assert.match(handlerSet(b.build()).reason, /PUBLISH on hil\/other, which its filter does not match/);
  });

  it('has nothing to judge without HIL.RawSub or HIL.GlobalConn', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    b.wait(1000);
    assertNothingToJudge(handlerSet(b.build()), /rawSub/);
  });
});
