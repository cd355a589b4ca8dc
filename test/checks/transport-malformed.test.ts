/**
 * transport.malformed: a broker packet the device cannot parse ends the connection, closed
 * by the device. Source: mongoose 6.18 mqtt_handler (MG_EV_RECV): on
 * MG_MQTT_ERROR_MALFORMED_MSG from parse_mqtt, `nc->flags |= MG_F_CLOSE_IMMEDIATELY`; the
 * bytes are the gate fault's (30 02 ff ff: a PUBLISH whose topic length runs past its end).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as malformedCheck } from '../../harness/checks/transport/malformed.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const malformed = onInput(malformedCheck);

function given(after: 'device-closes' | 'stays-open' | 'device-answers') {
  const b = new TimelineBuilder();
  const c = b.session('mqtt');
  b.wait(20);
  b.events.push({ kind: 'mqtt.garbage', t: b.t, broker: c.broker, conn: c.conn, dir: 'out', bytes: 4, error: 'Cannot parse topic' });
  b.wait(5);
  if (after === 'device-answers') b.packet(c, 'in', 'pingreq');
  if (after !== 'stays-open') b.wait(5).close(c, 'device');
  return b.wait(5000).build();
}

describe('transport.malformed', () => {
  it('passes a device that closes the connection on a packet it cannot parse', () => {
    assertPassCounting(malformed(given('device-closes')), 1);
  });

  it('fails a device that keeps the session (skips-malformed), and one that sends more on it', () => {
    const open = malformed(given('stays-open'));
    assert.equal(open.verdict, 'fail');
    assert.match(open.reason, /primary#0: still open .* after a packet it cannot parse/);
    assert.match(malformed(given('device-answers')).reason, /sent 1 packet\(s\) after a packet it cannot parse \(first: primary#0 device→broker PINGREQ/);
  });

  it('does not judge a slice without such a packet', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    assertNothingToJudge(malformed(b.wait(2000).build()), /passed no undecodable packet/);
  });
});
