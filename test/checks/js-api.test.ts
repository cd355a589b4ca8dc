/**
 * The api.js-* checks on synthetic timelines. Expected values: the library's api_mqtt.js
 * (impl: MQTT.pub returns mgos_mqtt_pub's packet id through an `int`; MQTT.sub's handler
 * gets the message's topic; setEventHandler is mgos_mqtt_add_global_handler) against its
 * doc comments ("0 on failure, 1 on success"; EV_SUBACK "Ack for a subscribe request").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as jsEventHandlerCheck } from '../../harness/checks/api/js-event-handler.ts';
import { run as jsIsConnectedCheck } from '../../harness/checks/api/js-is-connected.ts';
import { run as jsPubReturnCheck } from '../../harness/checks/api/js-pub-return.ts';
import { run as jsSubDeliveryCheck } from '../../harness/checks/api/js-sub-delivery.ts';
import { run as unsentBytesCheck } from '../../harness/checks/api/unsent-bytes.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const jsPubReturn = onInput(jsPubReturnCheck);
const jsSubDelivery = onInput(jsSubDeliveryCheck);
const jsIsConnected = onInput(jsIsConnectedCheck);
const jsEventHandler = onInput(jsEventHandlerCheck);
const unsentBytes = onInput(unsentBytesCheck);

describe('api.js-pub-return', () => {
  /** Two connected QoS 1 publishes (wire ids 5, 6) and one offline; `results` is what MQTT.pub returned. */
  function pubs(results: [number, number, number], enable = true) {
    const b = new TimelineBuilder({ mqtt: { enable } });
    const c = b.session('mqtt');
    b.wait(10).act({ kind: 'js-pub', topic: 'hil/js/o', payload: 'a', qos: 1, result: results[0], connected: true }).wait(5).publish(c, 'hil/js/o', 'a', 1, false, 5);
    b.wait(10).act({ kind: 'js-pub', topic: 'hil/js/o', payload: 'b', qos: 1, result: results[1], connected: true }).wait(5).publish(c, 'hil/js/o', 'b', 1, false, 6);
    b.wait(10).close(c).wait(10).act({ kind: 'js-pub', topic: 'hil/js/o', payload: 'c', qos: 1, result: results[2], connected: false });
    return b.build();
  }

  it('passes the packet ids (impl), naming the doc sentence it differs from', () => {
    const v = jsPubReturn(pubs([5, 6, 7]));
    assertPassCounting(v, 3);
    assert.ok(v.source.some((s) => s.id === 'doc.js-pub.return') && v.source.some((s) => s.id === 'impl.js-pub.packet-id'));
  });

  it("fails the doc's 1 on success and 0 offline", () => {
    const v = jsPubReturn(pubs([1, 1, 0]));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /broker got packet id 5/);
    assert.match(v.reason, /returned 0/);
  });

  it('fails an id the broker did not get, and a repeated id', () => {
    assert.match(jsPubReturn(pubs([5, 9, 7])).reason, /returned 9, but the broker got packet id 6/);
    const b = new TimelineBuilder();
    b.act({ kind: 'js-pub', topic: 't', payload: 'x', qos: 0, result: 3, connected: false });
    b.act({ kind: 'js-pub', topic: 't', payload: 'y', qos: 0, result: 3, connected: false });
    assert.match(jsPubReturn(b.build()).reason, /more than once/);
  });

  it('expects 0 with mqtt disabled at boot, and has nothing to judge without JS publishes', () => {
    const b = new TimelineBuilder({ mqtt: { enable: false } });
    b.act({ kind: 'js-pub', topic: 't', payload: 'x', qos: 1, result: 0, connected: false });
    assertPassCounting(jsPubReturn(b.build()), 1);
    assertNothingToJudge(jsPubReturn(new TimelineBuilder().build()), /no JS publish/);
  });
});

describe('api.js-sub-delivery', () => {
  function delivered(handlerTopic: string | null, after: 'same-boot' | 'reboot' = 'same-boot') {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(10).act({ kind: 'js-sub', topic: 'hil/js/#' });
    if (after === 'reboot') b.wait(10).banner();
    b.wait(100).packet(c, 'out', 'publish', { topic: 'hil/js/a', payload: 'hello', payloadLength: 5, qos: 1, packetId: 3 });
    if (handlerTopic !== null) b.wait(5).hil({ ev: 'js_msg', topic: handlerTopic, msg: 'hello', len: 5, t: 1 });
    b.wait(100).packet(c, 'out', 'publish', { topic: 'hil/other', payload: 'no', payloadLength: 2, qos: 0 });
    return b.build();
  }

  it("passes a matching message handed to the handler with the message's topic", () => {
    assertPassCounting(jsSubDelivery(delivered('hil/js/a')), 1);
  });

  it("fails a handler given the subscription's filter, or never called", () => {
    assert.match(jsSubDelivery(delivered('hil/js/#')).reason, /got topic "hil\/js\/#" for a message on "hil\/js\/a"/);
    assert.match(jsSubDelivery(delivered(null)).reason, /never reached MQTT.sub's handler/);
  });

  it('has nothing to judge after a reboot forgot the JS subscription, or without one', () => {
    assertNothingToJudge(jsSubDelivery(delivered(null, 'reboot')), /no message was delivered/);
  });

  // Seen in CI (no-failover board, load from a 48-board kill matrix): the broker's echo of a
  // QoS 0 publish reached the gate 10 ms before the board's own DISCONNECT (scenario asked
  // for it), and the board closed without reading it.
  function crossing(then: 'disconnect' | 'pingreq') {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(10).act({ kind: 'js-sub', topic: 'hil/js/#' });
    b.wait(100).packet(c, 'out', 'publish', { topic: 'hil/js/a', payload: 'late', payloadLength: 4, qos: 0 });
    b.wait(10).packet(c, 'in', then);
    if (then === 'disconnect') b.wait(1).close(c, 'device');
    return b.build();
  }

  it("does not judge a message that crossed the board's own DISCONNECT, but fails one the board lived past", () => {
    const raced = jsSubDelivery(crossing('disconnect'));
    assertNothingToJudge(raced, /crossed the board.s own DISCONNECT/);
    assert.ok(raced.evidence.some((e) => /as the board was disconnecting/.test(e.what)));
    assert.match(jsSubDelivery(crossing('pingreq')).reason, /never reached MQTT.sub's handler/);
  });
});

describe('api.js-is-connected', () => {
  function calls(up: boolean, down: boolean) {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(10).act({ kind: 'js-is-connected', result: up, connected: true });
    b.wait(10).close(c).wait(10).act({ kind: 'js-is-connected', result: down, connected: false });
    return b.build();
  }

  it('passes answers that follow the session', () => {
    assertPassCounting(jsIsConnected(calls(true, false)), 2);
  });

  it('fails true after the session ended, and false while it is up', () => {
    assert.match(jsIsConnected(calls(true, true)).reason, /returned true while the session was down/);
    assert.match(jsIsConnected(calls(false, false)).reason, /returned false while the session was up/);
    assertNothingToJudge(jsIsConnected(new TimelineBuilder().build()), /never called/);
  });
});

describe('api.js-event-handler', () => {
  /** Handler set during a session: a PUBACK, the close, a second session; `calls` are the handler's lines. */
  function handled(calls: number[], suback = false) {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(10).act({ kind: 'js-set-event-handler', added: true });
    b.wait(10).packet(c, 'out', 'puback', { packetId: 4 });
    const line = (ev: number) => b.wait(2).hil({ ev: 'js_event', mg_ev: ev, t: 1 });
    if (calls.includes(204)) line(204);
    if (suback) line(209);
    b.wait(10).close(c, 'device');
    if (calls.includes(5)) line(5);
    b.wait(100);
    b.session('mqtt');
    if (calls.includes(202)) line(202);
    b.wait(2000);
    return b.build();
  }

  it('passes CONNACK, PUBACK and CLOSE each reaching the handler', () => {
    assertPassCounting(jsEventHandler(handled([204, 5, 202])), 3);
  });

  it('shows a SUBACK call without failing it (the doc lists it, the impl never passes it on)', () => {
    const v = jsEventHandler(handled([204, 5, 202], true));
    assert.equal(v.verdict, 'pass');
    assert.match(v.reason, /1 SUBACK/);
  });

  it('wants EV_PUBLISH for a delivery no remembered subscription matches, none for a matched one (spec: PUBLISH 203 only when no subscription matched; mutation 726)', () => {
    function persistent(call203: boolean) {
      const b = new TimelineBuilder({ mqtt: { clean_session: false } });
      b.act({ kind: 'js-set-event-handler', added: true }).wait(10);
      const c = b.session('mqtt');
      b.wait(2).hil({ ev: 'js_event', mg_ev: 202, t: 1 });
      b.act({ kind: 'sub', topic: 'hil/persist/cmd', qos: 1 }).act({ kind: 'js-sub', topic: 'hil/js/#' }).wait(50);
      const deliver = (topic: string, packetId: number) => b.packet(c, 'out', 'publish', { topic, payload: 'x', qos: 1, dup: false, retain: false, packetId });
      deliver('hil/js/in', 7);
      b.act({ kind: 'unsub', topic: 'hil/persist/cmd' }).wait(50);
      deliver('hil/persist/cmd', 8);
      if (call203) b.wait(2).hil({ ev: 'js_event', mg_ev: 203, t: 1 });
      return b.wait(2000).build();
    }
    assertPassCounting(jsEventHandler(persistent(true)), 2);
    assert.match(jsEventHandler(persistent(false)).reason, /PUBLISH hil\/persist\/cmd from primary, matching no subscription the board remembers, but the handler was never called with 203 \(EV_PUBLISH\)/);
  });

  it('fails a missing EV_CLOSE, EV_PUBACK or EV_CONNACK', () => {
    assert.match(jsEventHandler(handled([204, 202])).reason, /closed .*never called with 5 \(EV_CLOSE\)/);
    assert.match(jsEventHandler(handled([5, 202])).reason, /PUBACK 4 .*never called with 204/);
    assert.match(jsEventHandler(handled([204, 5])).reason, /CONNACK 0 .*never called with 202/);
  });

  it('does not expect EV_CLOSE for a close at the very end of the input, but does once a later session shows the device went on', () => {
    const b = new TimelineBuilder({ timeScale: 20 });
    const c = b.session('mqtt');
    b.wait(10).act({ kind: 'js-set-event-handler', added: true }).wait(10).close(c, 'device').wait(1);
    assertNothingToJudge(jsEventHandler(b.build()), /no session, PUBACK or close/);
    // handled() closes 100 device ms (5 harness ms at scale 20) before the next session and ends soon after it.
    const quick = new TimelineBuilder({ timeScale: 20 });
    const q = quick.session('mqtt');
    quick.wait(10).act({ kind: 'js-set-event-handler', added: true }).wait(10).close(q, 'device').wait(100);
    quick.session('mqtt');
    quick.wait(2).hil({ ev: 'js_event', mg_ev: 202, t: 1 }).wait(2);
    assert.match(jsEventHandler(quick.build()).reason, /closed .*never called with 5/);
  });

  it('has nothing to judge without a handler', () => {
    assertNothingToJudge(jsEventHandler(new TimelineBuilder().build()), /no event handler was set/);
  });
});

describe('api.unsent-bytes', () => {
  /** Offline from boot, max_queue_length 2: three QoS 1 publishes (the first pushed out), one QoS 0. */
  function offline(reported: number, after: 'none' | 'session' = 'none') {
    const b = new TimelineBuilder({ mqtt: { max_queue_length: 2 } });
    b.banner().wait(10);
    b.act({ kind: 'status', connected: false, unsentBytes: 0, queueLen: 0 });
    b.act({ kind: 'pub', topic: 'q', payload: 'xxxxxxxx', qos: 1, packetId: 1, connected: false }).wait(1);
    b.act({ kind: 'pub', topic: 'q', payload: 'zero', qos: 0, packetId: 2, connected: false }).wait(1);
    b.act({ kind: 'pub', topic: 'q', payload: 'é', qos: 1, packetId: 3, connected: false }).wait(1);
    b.act({ kind: 'js-pub', topic: 'q', payload: 'abc', qos: 2, result: 4, connected: false }).wait(1);
    if (after === 'session') b.session('mqtt');
    b.wait(1).act({ kind: 'status', connected: false, unsentBytes: reported, queueLen: 2 });
    return b.build();
  }

  it('passes the payload bytes of the newest max_queue_length QoS ≥ 1 publishes (impl: topics not counted)', () => {
    // 'é' is 2 bytes in UTF-8, 'abc' 3: 5; the first publish was pushed out, the QoS 0 one dropped.
    assertPassCounting(unsentBytes(offline(5)), 2);
  });

  it('fails a count that includes the topics, or forgets the queue', () => {
    assert.match(unsentBytes(offline(7)).reason, /unsent_bytes 7 with 2 queued publish\(es\) of 5 payload bytes/);
    assert.equal(unsentBytes(offline(0)).verdict, 'fail');
  });

  it('does not judge a reading after a session has been up (acks empty the queue)', () => {
    assertPassCounting(unsentBytes(offline(999, 'session')), 1);
    assertNothingToJudge(unsentBytes(new TimelineBuilder().build()), /no HIL.Status was recorded offline/);
  });
});
