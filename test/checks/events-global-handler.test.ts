/**
 * events.global-handler: the connection handlers hear of the broker's PUBACK and UNSUBACK.
 * Sources: mgos_mqtt_conn.c (mgos_mqtt_ev: call_conn_handlers for MG_EV_MQTT_PUBACK and
 * MG_EV_MQTT_UNSUBACK) and mongoose 6.18 parse_mqtt (no packet id read for UNSUBACK: the
 * handler sees 0); the line format is the test firmware's hil_mqtt.c
 * (`{ev: "unsuback", packet_id: 0, t: …}`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as globalHandlerCheck } from '../../harness/checks/events/global-handler.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const globalHandler = onInput(globalHandlerCheck);

describe('events.global-handler', () => {
  /** A session, a device QoS 1 publish and its PUBACK, an unsubscribe and its UNSUBACK; `lines` says which handler lines the device prints. */
  function session(lines: { puback?: number | false; unsuback?: number | false }, tail = 3000) {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(100).publish(c, 'hil/out', 'x', 1, false, 5).wait(5).packet(c, 'out', 'puback', { packetId: 5 });
    if (lines.puback !== false) b.tick().hil({ ev: 'puback', packet_id: lines.puback ?? 5, t: Math.round(b.t) });
    b.wait(100).packet(c, 'in', 'unsubscribe', { packetId: 6 }).wait(5).packet(c, 'out', 'unsuback', { packetId: 6 });
    if (lines.unsuback !== false) b.tick().hil({ ev: 'unsuback', packet_id: lines.unsuback ?? 0, t: Math.round(b.t) });
    b.wait(tail);
    return b.build();
  }

  it('passes a PUBACK line with its id and an UNSUBACK line with id 0, as the library and mongoose 6.18 give them', () => {
    assertPassCounting(globalHandler(session({})), 2);
  });

  it('fails a missing UNSUBACK line, and one carrying the packet id mongoose never reads', () => {
    assert.match(globalHandler(session({ unsuback: false })).reason, /never called with UNSUBACK \(no "unsuback" line with packet id 0\)/);
    assert.equal(globalHandler(session({ unsuback: 6 })).verdict, 'fail');
  });

  it('fails a missing PUBACK line, and one with another id', () => {
    assert.match(globalHandler(session({ puback: false })).reason, /never called with PUBACK/);
    assert.equal(globalHandler(session({ puback: 4 })).verdict, 'fail');
  });

  it('does not require a line the device may not have printed yet: at the end of the input', () => {
    // The UNSUBACK 10 ms before the end is not required; the PUBACK 110 ms before it is.
    const v = globalHandler(session({ puback: false, unsuback: false }, 10));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /PUBACK/);
    assert.doesNotMatch(v.reason, /UNSUBACK/);
    assertPassCounting(globalHandler(session({ unsuback: false }, 10)), 1);
    const quiet = new TimelineBuilder();
    quiet.session('mqtt');
    assertNothingToJudge(globalHandler(quiet.wait(3000).build()), /no PUBACK or UNSUBACK/);
  });
});
