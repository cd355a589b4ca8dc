/**
 * transport.websocket on hand-built timelines: the faithful board's evidence (the upgrade
 * to mqtt.ws_path with subprotocol mqtt on every attempt, a session inside it, a
 * reconnect over WebSocket after a drop) passes, and each personality's evidence fails:
 * `ws-path-default` (asks for /mqtt: 404), `ws-ignored` (plain MQTT on the WebSocket
 * port: 400; or on a plain port: CONNECT without an upgrade). Expectations follow
 * harness/model/sources.ts (doc.ws, impl.ws.*, mqtt.ws).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as websocketCheck } from '../../harness/checks/transport/websocket.ts';
import type { MqttSection } from '../../harness/contract/mqtt-config.ts';
import { assertNothingToJudge } from './assert-verdict.ts';
import { type Conn, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const websocket = onInput(websocketCheck);

const PATH = '/hil/mqtt';

function builder(mqtt: Partial<MqttSection> = {}): TimelineBuilder {
  return new TimelineBuilder({ mqtt: { ws_enable: true, ws_path: PATH, ...mqtt } });
}

function upgrade(b: TimelineBuilder, c: Conn, fields: Record<string, unknown>): void {
  b.tick().events.push({ kind: 'ws.handshake', t: b.t, ...c, protocols: ['mqtt'], servedPath: PATH, host: b.mqtt.server, ...fields } as never);
}

/** An attempt that upgrades and gets a session: SUBSCRIBE answered, a QoS 1 delivery acknowledged. */
function wsSession(b: TimelineBuilder, path = PATH): Conn {
  const c = b.accept('mqtt');
  upgrade(b, c, { ok: true, path, status: 101, protocol: 'mqtt' });
  b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0 });
  b.tick().packet(c, 'in', 'subscribe', { packetId: 1, subscriptions: [{ topic: 'hil/ws/#', qos: 1 }] }).tick().packet(c, 'out', 'suback', { packetId: 1, granted: [1] });
  b.tick().packet(c, 'out', 'publish', { packetId: 7, qos: 1, topic: 'hil/ws/in', payload: 'x' }).tick().packet(c, 'in', 'puback', { packetId: 7 });
  return c;
}

function refusedUpgrade(b: TimelineBuilder, fields: Record<string, unknown>): Conn {
  const c = b.accept('mqtt');
  upgrade(b, c, { ok: false, failedBy: 'gate', ...fields });
  b.tick().close(c, 'gate', 'fin');
  return c;
}

describe('transport.websocket', () => {
  it('passes the faithful board: upgrade to ws_path with mqtt, a session inside it, a drop and a reconnect over WebSocket', () => {
    const b = builder();
    const first = wsSession(b);
    b.wait(100).close(first, 'gate', 'rst');
    b.wait(2000);
    wsSession(b);
    const v = websocket(b.build());
    assert.equal(v.verdict, 'pass', v.reason);
    assert.match(v.reason, /2 attempts asked for the WebSocket upgrade .* 2 sessions ran inside it, 1 of them after an earlier WebSocket session ended/);
  });

  it('fails ws-path-default: the upgrade asks for /mqtt though ws_path is /hil/mqtt (the gate answers 404)', () => {
    const b = builder();
    refusedUpgrade(b, { path: '/mqtt', status: 404, reason: 'no WebSocket endpoint at /mqtt (the broker serves /hil/mqtt)' });
    b.wait(2000);
    refusedUpgrade(b, { path: '/mqtt', status: 404, reason: 'no WebSocket endpoint at /mqtt (the broker serves /hil/mqtt)' });
    const v = websocket(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /primary#0: the upgrade asked for \/mqtt, mqtt\.ws_path is \/hil\/mqtt/);
  });

  it('fails ws-ignored on the WebSocket port: plain MQTT is no upgrade (400)', () => {
    const b = builder();
    refusedUpgrade(b, { protocols: [], status: 400, reason: 'not an HTTP request (HPE_INVALID_METHOD): plain MQTT on the WebSocket port?' });
    const v = websocket(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /mqtt\.ws_enable is set but the board sent no WebSocket upgrade/);
  });

  it('fails a board that speaks plain MQTT on a plain port while ws_enable is set', () => {
    const b = builder();
    const c = b.accept('mqtt');
    b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0 });
    const v = websocket(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /sent CONNECT over plain TCP, without a WebSocket upgrade/);
  });

  it('fails a board that reconnects after the drop without the upgrade', () => {
    const b = builder();
    const first = wsSession(b);
    b.wait(100).close(first, 'gate', 'rst');
    b.wait(2000);
    refusedUpgrade(b, { protocols: [], status: 400, reason: 'not an HTTP request' });
    const v = websocket(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /primary#1: mqtt\.ws_enable is set but the board sent no WebSocket upgrade/);
  });

  for (const protocols of [[], ['mqtt']]) {
    it(`fails ${protocols.length === 0 ? 'an upgrade without the subprotocol mqtt' : 'a SUBSCRIBE over WebSocket left unanswered while the broker answers other things'}`, () => {
    const b = builder();
    const c = b.accept('mqtt');
    upgrade(b, c, { ok: true, path: PATH, status: 101, protocols });
    b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0 });
    b.tick().packet(c, 'in', 'subscribe', { packetId: 1, subscriptions: [{ topic: 't', qos: 1 }] });
    b.tick().packet(c, 'out', 'pingresp');
    b.wait(5000);
    const v = websocket(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, protocols.length === 0 ? /offered the subprotocols \[\], without "mqtt"/ : /primary#0: the board's SUBSCRIBE 1 over WebSocket got no SUBACK/);
    assert.ok((v.observed as { sessions: number }).sessions === 1);
    });
  }

  it('does not count a request whose answer the close may have cut off', () => {
    const b = builder();
    const c = b.accept('mqtt');
    upgrade(b, c, { ok: true, path: PATH, status: 101, protocol: 'mqtt' });
    b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0 });
    b.wait(1000).packet(c, 'in', 'pingreq').tick().packet(c, 'out', 'publish', { packetId: 3, qos: 0, topic: 't', payload: 'x' });
    b.wait(100).close(c, 'gate', 'rst');
    const v = websocket(b.build());
    assert.equal(v.verdict, 'pass', v.reason);
  });

  it('has nothing to judge without a WebSocket listener and without ws_enable', () => {
    const b = builder({ ws_enable: false });
    const c = b.accept('mqtt');
    b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0 });
    assertNothingToJudge(websocket(b.build()), /no WebSocket listener/);
  });

  it('does not count an attempt the device left before sending its request', () => {
    const b = builder();
    refusedUpgrade(b, { failedBy: 'device', reason: 'the device closed the connection before the upgrade' });
    assertNothingToJudge(websocket(b.build()));
  });

  // RFC 6455 §4.1: the client's opening handshake MUST contain a Host header field; the library sends the configured server.
  it('fails an upgrade request without a Host header', () => {
    const b = builder();
    const c = b.accept('mqtt');
    upgrade(b, c, { ok: true, path: PATH, status: 101, protocol: 'mqtt', host: undefined });
    b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0 });
    const v = websocket(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /primary#0: the upgrade request has no Host header/);
  });

  // RFC 6455 §5.5.2: upon receipt of a Ping frame an endpoint MUST send a Pong frame in response.
  function pinged(pong: boolean, upAfterMs = 2000) {
    const b = builder();
    const c = wsSession(b);
    b.tick().events.push({ kind: 'ws.control', t: b.t, ...c, dir: 'out', op: 'ping' } as never);
    if (pong) b.tick().events.push({ kind: 'ws.control', t: b.t, ...c, dir: 'in', op: 'pong' } as never);
    b.wait(upAfterMs).close(c, 'gate', 'rst');
    return websocket(b.build());
  }

  it("passes a ping answered with a pong; fails one left unanswered while the session stayed up", () => {
    assert.equal(pinged(true).verdict, 'pass');
    const v = pinged(false);
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /primary#0: the gate's WebSocket ping got no pong/);
  });

  it('does not count a ping whose pong the close may have cut off', () => {
    assert.equal(pinged(false, 1).verdict, 'pass');
  });

  // mgos_mqtt_ws_ev logs a failed TCP connect as `MQTT0 TCP connect error (n)` (sources.ts impl.ws.handshake;
  // the wording is that of the real library's console in ../fixtures, mgos_mqtt_ws_conn.c line 99).
  function whileClosed(logged: boolean) {
    const b = builder();
    b.fault('primary', 'closed');
    b.log(`MQTT0 connecting to ${b.address('mqtt')}`).tick();
    if (logged) b.tick().log('MQTT0 TCP connect error (-1)', 'mgos_mqtt_ws_conn.c', 99);
    b.tick().log('MQTT0 connecting after 1834 ms', 'mgos_mqtt_conn.c', 527);
    return websocket(b.wait(1000).build());
  }

  it('passes an attempt on a closed port that logs the failed TCP connect; fails one that ends without the line', () => {
    assert.equal(whileClosed(true).verdict, 'pass', whileClosed(true).reason);
    assert.match(whileClosed(false).reason, /refused by a gate that listened on nothing, ended without the library's `MQTT0 TCP connect error \(n\)` line/);
  });
});
