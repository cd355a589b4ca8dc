/**
 * events.cloud on synthetic timelines. Where the expectations come from (impl,
 * mongoose-os-libs/mqtt mgos_mqtt_conn.c): CONNECTING in mgos_mqtt_conn_connect on every
 * attempt, whatever cloud_events says; CONNECTED on CONNACK 0 and DISCONNECTED in
 * MG_EV_CLOSE of a session that had been up, only with cloud_events; CONNECTERROR in
 * MG_EV_CONNECT with a non-zero status, only with cloud_events and only after 2.20.0.
 * Event numbers: cesanta/mongoose-os include/mgos_event.h.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as cloudCheck } from '../../harness/checks/events/cloud.ts';
import { type CloudEventName, cloudEventNumbers } from '../../harness/contract/hil.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const eventsCloud = onInput(cloudCheck);

function cloud(b: TimelineBuilder, name: CloudEventName, mgosEv = cloudEventNumbers[name]): TimelineBuilder {
  return b.tick().hil({ ev: 'cloud', name, mgos_ev: mgosEv, type: 0, t: Math.round(b.t) });
}

interface Plan {
  cloudEvents?: boolean;
  /** Lines the board prints beyond the faithful ones, or instead of them. */
  connecterrorOnClosed?: boolean;
  connectedOnRefusal?: boolean;
  connecterrorOnRefusal?: boolean;
  sessionLines?: boolean;
  connectingOnSession?: boolean;
}

/**
 * The scenario of scenarios/events.spec.ts: a refused TCP connect (closed port), a
 * CONNACK 5, a session the gate drops, the next session. Faithful lines by default.
 */
function story(p: Plan = {}) {
  const on = p.cloudEvents ?? true;
  const b = new TimelineBuilder({ mqtt: { cloud_events: on } });
  b.closedPort('mqtt');
  cloud(b, 'connecting');
  if (p.connecterrorOnClosed ?? on) cloud(b, 'connecterror');
  b.wait(2000);
  b.refused('mqtt', 5);
  cloud(b, 'connecting');
  if (p.connectedOnRefusal) cloud(b, 'connected');
  if (p.connecterrorOnRefusal) cloud(b, 'connecterror');
  b.wait(4000);
  const s = b.session('mqtt');
  if (p.connectingOnSession ?? true) cloud(b, 'connecting');
  if (p.sessionLines ?? on) cloud(b, 'connected');
  b.wait(3000).close(s, 'gate');
  if (p.sessionLines ?? on) cloud(b, 'disconnected');
  b.wait(2000);
  b.session('mqtt');
  cloud(b, 'connecting');
  if (p.sessionLines ?? on) cloud(b, 'connected');
  b.wait(2000);
  return b.build();
}

/**
 * An attempt no gate accepted that ends with only `disconnected` (closedPort() less its
 * `TCP connected error (111)` line), then a session.
 */
function endedUnlogged(b: TimelineBuilder) {
    b.log(`MQTT0 connecting to ${b.address('mqtt')}`).tick();
    cloud(b, 'connecting');
    b.tick().log('MQTT0 disconnected', 'mgos_mqtt_conn.c', 221);
    b.wait(2000).session('mqtt');
    cloud(b, 'connecting');
    cloud(b, 'connected');
    b.wait(2000);
  return b.build();
}

describe('events.cloud', () => {
  it('passes the library with cloud_events true: CONNECTERROR for the refused connect only, CONNECTED/DISCONNECTED per session', () => {
    const v = eventsCloud(story());
    assertPassCounting(v, 4);
    assert.match(v.reason, /after 2\.20\.0/);
    assert.ok(v.source.some((s) => s.id === 'impl.cloud-events') && v.source.some((s) => s.id === 'doc.cloud-events'));
  });

  it('passes the library with cloud_events false: one CONNECTING per attempt and nothing else', () => {
    assertPassCounting(eventsCloud(story({ cloudEvents: false })), 4);
  });

  it('fails CONNECTED/DISCONNECTED with cloud_events false (cloud-events-ignore-config)', () => {
    const v = eventsCloud(story({ cloudEvents: false, sessionLines: true }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /CONNECTED fired, expected none \(cloud_events false\)/);
    assert.match(v.reason, /DISCONNECTED fired/);
  });

  it('fails CONNECTED or CONNECTERROR for a CONNACK refusal', () => {
    assert.match(eventsCloud(story({ connectedOnRefusal: true })).reason, /attempt 2 .*CONNACK 5.*CONNECTED fired, expected none \(no CONNACK 0: CONNACK 5 is a refusal\)/);
    assert.match(eventsCloud(story({ connecterrorOnRefusal: true })).reason, /attempt 2 .*CONNECTERROR fired, expected none \(the connect succeeded/);
  });

  it('does not require the CONNECTERROR of a refused connect at the very end of the input (its line follows the error line)', () => {
    // Seen in the kill matrix: the @tls default-port scenario ended 1 ms after the error line, the cloud line came 12 ms later.
    const b = new TimelineBuilder({ mqtt: { cloud_events: true } });
    b.closedPort('mqtt');
    cloud(b, 'connecting');
    cloud(b, 'connecterror');
    b.wait(2000);
    b.closedPort('mqtt');
    cloud(b, 'connecting');
    const v = eventsCloud(b.build());
    assert.equal(v.verdict, 'pass', v.reason);
    // Well before the end it is required.
    const late = new TimelineBuilder({ mqtt: { cloud_events: true } });
    late.closedPort('mqtt');
    cloud(late, 'connecting');
    late.wait(2000);
    assert.match(eventsCloud(late.build()).reason, /0 CONNECTERROR event\(s\), expected 1/);
    // Near the end one may be missing, but two are never right (mutation: a TLS failure handled as a TCP one too).
    const twice = new TimelineBuilder({ mqtt: { cloud_events: true } });
    twice.closedPort('mqtt');
    cloud(twice, 'connecting');
    cloud(twice, 'connecterror');
    cloud(twice, 'connecterror');
    assert.match(eventsCloud(twice.build()).reason, /attempt 1 .*2 CONNECTERROR events, expected at most 1/);
  });

  it('fails a missing CONNECTERROR after 2.20.0, a missing CONNECTING, missing session events', () => {
    assert.match(eventsCloud(story({ connecterrorOnClosed: false })).reason, /attempt 1 .*0 CONNECTERROR event\(s\), expected 1 \(.*TCP connected error \(111\); cloud_events true/);
    assert.match(eventsCloud(story({ connectingOnSession: false })).reason, /attempt 3 .*0 CONNECTING event\(s\), expected 1/);
    assert.match(eventsCloud(story({ sessionLines: false })).reason, /0 CONNECTED event\(s\), expected 1 \(cloud_events true\)/);
  });

  it('fails CONNECTERROR with cloud_events false: the library triggers it behind the setting too', () => {
    assert.match(eventsCloud(story({ cloudEvents: false, connecterrorOnClosed: true })).reason, /attempt 1 .*CONNECTERROR fired, expected none/);
  });

  /** One refused connect in release 2.20.0's wording. */
  function release2200(connecterror: boolean) {
    const b = new TimelineBuilder();
    b.log(`MQTT0 connecting to ${b.address('mqtt')}`).tick();
    cloud(b, 'connecting');
    b.tick().log('MQTT0 TCP connect error (111)', 'mgos_mqtt_conn.c', 186);
    if (connecterror) cloud(b, 'connecterror');
    b.tick().log('MQTT0 Disconnect', 'mgos_mqtt_conn.c', 214).wait(1000);
    return b.build();
  }

  /** With ws_enable, a master board: a refused TCP connect as mgos_mqtt_ws_conn.c logs it, then a session over WebSocket. */
  function overWebSocket(connecterror: boolean) {
    const b = new TimelineBuilder({ mqtt: { ws_enable: true } });
    b.log(`MQTT0 connecting to ${b.address('mqtt')}`).tick();
    cloud(b, 'connecting');
    b.tick().log('MQTT0 TCP connect error (111)', 'mgos_mqtt_ws_conn.c', 99);
    if (connecterror) cloud(b, 'connecterror');
    b.wait(2000).log(`MQTT0 connecting to ${b.address('mqtt')}`).tick();
    cloud(b, 'connecting');
    b.tick().log('MQTT0 TCP connect ok (0)', 'mgos_mqtt_ws_conn.c', 99);
    b.tick().log('MQTT0 sending WS handshake to /mqtt', 'mgos_mqtt_ws_conn.c', 102);
    b.tick().log('MQTT0 WS connected ok (0)', 'mgos_mqtt_conn.c', 187);
    return b.build();
  }

  it('over WebSocket a failed TCP connect triggers no CONNECTERROR (mgos_mqtt_ws_ev), and its `TCP connect` wording does not read as 2.20.0', () => {
    const v = eventsCloud(overWebSocket(false));
    assert.equal(v.verdict, 'pass', v.reason);
    assert.match(eventsCloud(overWebSocket(true)).reason, /CONNECTERROR fired, expected none/);
  });

  it('release 2.20.0 (told by its log wording) has no CONNECTERROR', () => {
    const v = eventsCloud(release2200(false));
    assertPassCounting(v, 1);
    assert.match(v.reason, /release 2\.20\.0/);
    assert.match(eventsCloud(release2200(true)).reason, /CONNECTERROR fired, expected none .*release 2\.20\.0 has no CONNECTERROR/);
  });

  it('a reboot ends a session without DISCONNECTED', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    cloud(b, 'connecting');
    cloud(b, 'connected');
    b.wait(1000).act({ kind: 'reset' }).banner();
    const c = b.carriedOver('mqtt');
    b.wait(500);
    b.session('mqtt');
    cloud(b, 'connecting');
    cloud(b, 'connected');
    b.close(c, 'broker');
    b.wait(2000);
    assertPassCounting(eventsCloud(b.build()), 2);
  });

  it('does not require CONNECTED for a CONNACK the board never read (the gate cut it at once)', () => {
    const b = new TimelineBuilder();
    const c = b.accept('mqtt');
    cloud(b, 'connecting');
    b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0, sessionPresent: false });
    b.close(c, 'gate', 'rst');
    b.wait(2000);
    b.session('mqtt');
    cloud(b, 'connecting');
    cloud(b, 'connected');
    b.wait(2000);
    assertPassCounting(eventsCloud(b.build()), 2);
  });

  it('fails a connect no gate accepted that the board ended without logging it, and wants its CONNECTERROR (mutation 415: the error line and event skipped)', () => {
    const v = eventsCloud(endedUnlogged(new TimelineBuilder()));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /attempt 1 to mqtt \(refused\): no gate accepted its connect and it ended \(.*MQTT0 disconnected\), yet the board logged neither/);
    assert.match(JSON.stringify(v), /0 CONNECTERROR event\(s\), expected 1/);
  });

  it('over TLS an unpaired attempt that ended with only `disconnected` is a handshake cut short, not a silent failed connect (soak run 18 of 2026-12-02, load 5.7)', () => {
    assertPassCounting(eventsCloud(endedUnlogged(new TimelineBuilder({ mqtt: { ssl_ca_cert: 'ca.pem' } }))), 2);
  });

  it('fails a line with the wrong event number', () => {
    const b = new TimelineBuilder();
    b.closedPort('mqtt');
    cloud(b, 'connecting', cloudEventNumbers.connecting + 1);
    cloud(b, 'connecterror');
    b.wait(1000);
    assert.match(eventsCloud(b.build()).reason, /a connecting line carries event 1297044231 type 0, not the core's 1297044230/);
  });

  it('follows the active config: a session on mqtt1 with mqtt1.cloud_events false has no CONNECTED', () => {
    const b = new TimelineBuilder({ mqtt: { cloud_events: true }, mqtt1: { enable: true, server: '10.0.0.2:1883', cloud_events: false } });
    b.session('mqtt1');
    cloud(b, 'connecting');
    b.wait(2000);
    assertPassCounting(eventsCloud(b.build()), 1);
  });

  it('has nothing to judge without cloud lines (a firmware that prints none)', () => {
    const b = new TimelineBuilder();
    b.closedPort('mqtt');
    b.wait(1000);
    assertNothingToJudge(eventsCloud(b.build()), /no cloud lines/);
  });
});
