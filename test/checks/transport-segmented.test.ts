/**
 * transport.segmented: the broker's packets in pieces (gate fault `segment`) are read whole.
 * Source: MQTT 3.1.1 §4.2 (an ordered byte stream; packets framed by their remaining
 * length), and mongoose 6.18 mqtt_handler, which waits on an incomplete packet for more bytes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as segmentedCheck } from '../../harness/checks/transport/segmented.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const segmented = onInput(segmentedCheck);

describe('transport.segmented', () => {
  /** A subscription, then a session under the fault with a QoS 1 delivery; `device` decides what the device does. */
  function underFault(device: 'reads-whole' | 'closes' | 'no-puback' | 'no-resubscribe' | 'garbles', fault = 'segment') {
    const b = new TimelineBuilder();
    b.act({ kind: 'sub', topic: 'hil/seg/#', qos: 1 });
    b.fault('primary', fault, { bytes: 3, gapMs: 2 });
    b.wait(10);
    const c = device === 'no-resubscribe' ? b.session('mqtt') : b.session('mqtt', [{ topic: 'hil/seg/#', qos: 1 }]);
    b.wait(200).packet(c, 'out', 'publish', { topic: 'hil/seg/a', qos: 1, packetId: 7, payload: 'x'.repeat(40) });
    if (device === 'closes') b.tick().close(c, 'device');
    else if (device === 'garbles') b.tick().events.push({ kind: 'mqtt.garbage', t: b.t, broker: c.broker, conn: c.conn, dir: 'in', bytes: 3, error: 'bad header' });
    else if (device !== 'no-puback') b.wait(5).packet(c, 'in', 'puback', { packetId: 7 });
    b.wait(2000);
    return b.build();
  }

  it('passes a device that reads the pieces whole: answers the PUBLISH, re-subscribes after the CONNACK, keeps the session', () => {
    assertPassCounting(segmented(underFault('reads-whole')), 2);
  });

  it('fails a device that closes the session after a packet in pieces', () => {
    const v = segmented(underFault('closes'));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /the device closed the connection \(fin\) with no step asking for it/);
  });

  it('fails a missing PUBACK, a missing re-subscription, and an undecodable device stream', () => {
    assert.match(segmented(underFault('no-puback')).reason, /no PUBACK for the QoS 1 PUBLISH id 7/);
    assert.match(segmented(underFault('no-resubscribe')).reason, /no SUBSCRIBE after a CONNACK 0 sent in pieces/);
    assert.match(segmented(underFault('garbles')).reason, /could not decode/);
  });

  it('fails a device that never took a CONNACK sent in pieces: asked to subscribe during the session, it sends nothing', () => {
    const b = new TimelineBuilder();
    b.fault('primary', 'segment', { bytes: 3 });
    b.session('mqtt');
    b.wait(100).act({ kind: 'sub', topic: 'hil/seg/#', qos: 1 }).wait(3000);
    assert.match(segmented(b.build()).reason, /no SUBSCRIBE after a CONNACK 0 sent in pieces.*did not take the CONNACK/);
    // The faithful device subscribes at once.
    const ok = new TimelineBuilder();
    ok.fault('primary', 'segment', { bytes: 3 });
    const c = ok.session('mqtt');
    ok.wait(100).act({ kind: 'sub', topic: 'hil/seg/#', qos: 1 }).tick().packet(c, 'in', 'subscribe', { packetId: 1, subscriptions: [{ topic: 'hil/seg/#', qos: 1 }] }).wait(3000);
    assertPassCounting(segmented(ok.build()), 1);
  });

  it('a close the scenario asked for is no failure', () => {
    const b = new TimelineBuilder();
    b.fault('primary', 'segment', { bytes: 3 });
    const c = b.session('mqtt');
    b.wait(100).act({ kind: 'disconnect' }).tick().close(c, 'device').wait(1000);
    assertPassCounting(segmented(b.build()), 1);
  });

  it('has nothing to judge without the fault', () => {
    assertNothingToJudge(segmented(underFault('closes', 'delay')), /fault `segment`/);
  });
});
