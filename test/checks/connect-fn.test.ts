/**
 * api.connect-fn on synthetic timelines, and what a connect callback means to the checks
 * that read CONNECT (connect.fields, keepalive.ping). Where the expectations come from:
 * impl mgos_mqtt_ev (MG_EV_CONNECT: options from the active config handed to the callback,
 * which sends the handshake; NULL: the library's own) and mg_send_mqtt_handshake_opt (the
 * keep-alive sent is the ping interval); the callback's changes are the test firmware's
 * (CONNECT_FN, hil_connect_fn). The first timeline is the scenario in
 * scenarios/api.spec.ts as the faithful board plays it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as connectFnCheck } from '../../harness/checks/api/connect-fn.ts';
import { run as fieldsCheck } from '../../harness/checks/connect/fields.ts';
import { run as pingCheck } from '../../harness/checks/keepalive/ping.ts';
import { CONNECT_FN } from '../../harness/contract/hil.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { BACKUP, type Conn, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const connectFn = onInput(connectFnCheck);
const fields = onInput(fieldsCheck);
const ping = onInput(pingCheck);

const BY_FN = { username: CONNECT_FN.user, keepalive: CONNECT_FN.keepAliveS };

function builder(): TimelineBuilder {
  return new TimelineBuilder({ mqtt: { reconnect_timeout_max: 4 }, mqtt1: { enable: true, server: BACKUP, reconnect_timeout_max: 4 } });
}

function setFn(b: TimelineBuilder, mode: 'on' | 'off', applied = true): void {
  b.wait(5).act({ kind: 'set-connect-fn', mode, applied, repliedAt: b.t + 2 });
  b.wait(10);
}

/** The board's connect_fn line for a connection: what the library handed the callback. */
function fnLine(b: TimelineBuilder): void {
  b.hil({ ev: 'connect_fn', client_id: b.deviceId, user: null, keep_alive: 60, clean: true, will: false, t: Math.round(b.t) });
}

/**
 * The scenario's course: a session with the library's CONNECT; the callback set, a new
 * primary session; the primary lost and refused, the backup's session; the callback
 * unset, a new backup session. `byFn` is what the two sessions made while it was set carry.
 */
function course(byFn: Record<string, unknown> | undefined = BY_FN, afterOff: Record<string, unknown> = {}) {
  const b = builder();
  const own = b.session('mqtt');
  setFn(b, 'on');
  b.close(own, 'device');
  b.wait(100);
  fnLine(b);
  const p2 = b.session('mqtt', [], byFn);
  b.wait(100).close(p2, 'gate', 'rst');
  b.wait(2000).rst('mqtt');
  b.wait(4000).rst('mqtt');
  b.wait(4000);
  fnLine(b);
  const k1 = b.session('mqtt1', [], byFn);
  setFn(b, 'off');
  b.close(k1, 'device');
  b.wait(100);
  b.session('mqtt1', [], afterOff);
  b.wait(500);
  return b.build();
}

describe('api.connect-fn', () => {
  it('passes the callback\'s CONNECT on the primary and the backup, and the library\'s own after it is unset', () => {
    const input = course();
    assertPassCounting(connectFn(input), 3);
    // connect.fields expects the callback's fields while it is set: no false alarm.
    assertPassCounting(fields(input), 4);
  });

  it('fails the library\'s own CONNECT while the callback is set (connect-fn-ignored); connect.fields sees it too', () => {
    const input = course({});
    const v = connectFn(input);
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /primary#1 CONNECT \(user null, keep-alive 60\) is not the connect callback's/);
    assert.match(v.reason, /1 more/);
    assert.equal(fields(input).verdict, 'fail');
  });

  it('fails the callback\'s CONNECT after it was unset', () => {
    const v = connectFn(course(BY_FN, BY_FN));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /backup#1 CONNECT \(user "hil-connect-fn", keep-alive 17\) after HIL.SetConnectFn off; expected the library's own \(user null, keep-alive 60\)/);
  });

  it('fails a callback handed options not of the active config (clean session lost, another client id)', () => {
    const v = connectFn(course({ ...BY_FN, clean: false, clientId: 'mongoose' }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /carries client id "mongoose", expected "esp32_1CA848", clean session false, expected true: the callback was not handed the options of the mqtt config/);
  });

  it('has nothing to judge without HIL.SetConnectFn, or without a CONNECT while the callback was set', () => {
    const b = builder();
    b.session('mqtt');
    assertNothingToJudge(connectFn(b.build()), /no HIL.SetConnectFn call/);
    const b2 = builder();
    b2.session('mqtt');
    setFn(b2, 'on');
    assertNothingToJudge(connectFn(b2.build()), /no CONNECT was decoded while the connect callback was set/);
  });

  it('does not judge a connection whose connect overlapped the call, nor one after a reboot (the callback was RAM)', () => {
    const b = builder();
    b.act({ kind: 'set-connect-fn', mode: 'on', applied: true, repliedAt: b.t + 50 });
    b.wait(10);
    // Either CONNECT may be right here: the call was still in flight.
    b.session('mqtt', [], {});
    b.wait(100).banner();
    b.wait(100).session('mqtt', [], {});
    const input = b.build();
    assertNothingToJudge(connectFn(input), /no CONNECT was decoded while the connect callback was set/);
    assertPassCounting(fields(input), 1);
  });

  it('does not judge a call the firmware did not apply (no connection object)', () => {
    const b = builder();
    setFn(b, 'on', false);
    b.session('mqtt');
    assertNothingToJudge(connectFn(b.build()), /no CONNECT was decoded while the connect callback was set/);
  });
});

describe('keepalive.ping with a connect callback', () => {
  /** A session made while the callback was set, pinging after `pingAfterMs`. */
  function pinged(pingAfterMs: number, connect: Record<string, unknown> = BY_FN) {
    const b = builder();
    setFn(b, 'on');
    const c: Conn = b.session('mqtt', [], connect);
    b.wait(pingAfterMs).packet(c, 'in', 'pingreq').wait(3).packet(c, 'out', 'pingresp');
    b.wait(1000);
    return b.build();
  }

  it('passes pings at the callback\'s keep-alive (the handshake makes it the ping interval)', () => {
    assertPassCounting(ping(pinged(CONNECT_FN.keepAliveS * 1000 + 200)), 1);
  });

  it('fails pings at the config\'s keep-alive while the callback\'s was announced', () => {
    const v = ping(pinged(60_000));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /keep_alive 17 s/);
  });
});
