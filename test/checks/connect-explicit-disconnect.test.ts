/**
 * connect.explicit-disconnect: HIL.Disconnect sends MQTT DISCONNECT before the close.
 * Source: mgos_mqtt_conn.c mgos_mqtt_conn_disconnect (mg_mqtt_disconnect, then
 * MG_F_SEND_AND_CLOSE); MQTT 3.1.1 [MQTT-3.1.2-8] (no DISCONNECT: the will is published).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as explicitDisconnectCheck } from '../../harness/checks/connect/explicit-disconnect.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const explicitDisconnect = onInput(explicitDisconnectCheck);

describe('connect.explicit-disconnect', () => {
  function disconnected(sendsDisconnect: boolean) {
    const b = new TimelineBuilder();
    const c = b.session('mqtt');
    b.wait(30).act({ kind: 'disconnect' }).tick();
    if (sendsDisconnect) b.packet(c, 'in', 'disconnect').tick().close(c, 'broker');
    else b.close(c, 'device');
    return b.wait(2000).build();
  }

  it('passes a DISCONNECT before the close, even right after the session began', () => {
    assertPassCounting(explicitDisconnect(disconnected(true)), 1);
  });

  it('fails a close without DISCONNECT', () => {
    const v = explicitDisconnect(disconnected(false));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /closed \(device, fin\) after HIL.Disconnect with no DISCONNECT/);
  });

  it('does not judge a board whose CONNECT had not gone out (still opening its socket), or no disconnect at all', () => {
    const b = new TimelineBuilder();
    const c = b.accept('mqtt');
    b.tick().act({ kind: 'disconnect' }).tick().close(c, 'device').wait(2000);
    assertNothingToJudge(explicitDisconnect(b.build()), /no HIL.Disconnect of a connection whose CONNECT had gone out/);
    const quiet = new TimelineBuilder();
    quiet.session('mqtt');
    assertNothingToJudge(explicitDisconnect(quiet.wait(2000).build()), /no HIL.Disconnect/);
  });
});
