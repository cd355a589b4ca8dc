/**
 * api.pub-on-wire on synthetic timelines. What is expected: mgos_mqtt.h documents
 * mgos_mqtt_pub(topic, message, len, qos, retain) returning "the packet id (> 0)" of the
 * message queued for sending; MQTT 3.1.1 §3.3 puts the topic, QoS, RETAIN flag and (QoS > 0)
 * that packet id in the PUBLISH. The board's "MQTT0 queue drained" line (mgos_mqtt_conn.c,
 * LL_DEBUG) says the session's replay is over, so later publishes are first sends.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as pubOnWireCheck } from '../../harness/checks/api/pub-on-wire.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const pubOnWire = onInput(pubOnWireCheck);
const T = 'hil/api/wire';

interface Wire {
  qos?: number;
  retain?: boolean;
  packetId?: number;
}

/** A session whose replay has drained, then one publish asked at `qos`/`retain` (returning id 7) and the PUBLISH `wire` describes (none: null). */
function published(qos: 0 | 1 | 2, retain: boolean, wire: Wire | null, opts: { holdMs?: number; drained?: boolean } = {}) {
  const b = new TimelineBuilder();
  const c = b.session('mqtt');
  if (opts.drained !== false) b.tick().log('MQTT0 queue drained', 'mgos_mqtt_conn.c', 300);
  // Without the line, a publish less than ε after the CONNACK may still be waiting behind a replay.
  b.wait(opts.drained === false ? 5 : 50).act({ kind: 'pub', topic: T, payload: 'm', qos, retain, packetId: 7, connected: true });
  if (wire) b.tick().packet(c, 'in', 'publish', { topic: T, payload: 'm', qos: wire.qos ?? qos, retain: wire.retain ?? retain, dup: false, ...((wire.qos ?? qos) > 0 ? { packetId: wire.packetId ?? 7 } : {}) });
  b.wait(opts.holdMs ?? 1000);
  return b.build();
}

describe('api.pub-on-wire', () => {
  it('passes a publish at each QoS, retained or not, that goes out as asked with the id pub returned', () => {
    for (const qos of [0, 1, 2] as const) for (const retain of [false, true]) assertPassCounting(pubOnWire(published(qos, retain, {})), 1);
  });

  it('fails a retained publish sent with RETAIN 0, and one sent retained that was not', () => {
    assert.match(pubOnWire(published(1, true, { retain: false })).reason, /retain on primary#0 went out with retain 0, expected 1/);
    assert.match(pubOnWire(published(0, false, { retain: true })).reason, /went out with retain 1, expected 0/);
  });

  it('fails a publish at another QoS than asked under a cap that allows it, and one with another packet id', () => {
    assert.match(pubOnWire(published(2, false, { qos: 1 })).reason, /went out at QoS 1, expected 2/);
    assert.match(pubOnWire(published(1, false, { packetId: 8 })).reason, /went out with packet id 8, but pub returned 7/);
  });

  it('fails a publish never sent while the session stayed up', () => {
    const v = pubOnWire(published(1, false, null));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /was never sent while the session stayed up/);
  });

  it('has nothing to judge for a QoS 1 publish made before the replay drained, or one made as the slice ended', () => {
    assertNothingToJudge(pubOnWire(published(1, false, { qos: 0 }, { drained: false })));
    assertNothingToJudge(pubOnWire(published(1, false, null, { holdMs: 10 })));
  });
});
