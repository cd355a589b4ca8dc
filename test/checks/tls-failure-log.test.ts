/**
 * tls.failure-log on hand-built timelines. Expected lines: mg_ssl_if_mbed_err's
 * "<conn> mbedTLS error: -0x<code>" then "MQTT0 TCP connected error (-3)" (sources.ts,
 * impl.tls.handshake-failure-log); -0x2700 for a certificate that did not verify is what a
 * real board printed for a bad certificate (cesanta/mongoose-os issue #466: "SSL error: -9984").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as failureLogCheck } from '../../harness/checks/tls/failure-log.ts';
import { assertNothingToJudge } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const failureLog = onInput(failureLogCheck);

/** Two attempts whose handshakes fail at the gate as `how` says, each logged with `code`. */
function refused(how: 'device' | 'alert', code: string, status = -3) {
  const b = new TimelineBuilder({ mqtt: { ssl_ca_cert: 'ca.pem' } });
  for (let i = 0; i < 2; i++) {
    const c = { broker: 'primary' as const, conn: i };
    b.log(`MQTT0 connecting to ${b.address('mqtt')}`).tick();
    b.events.push({ kind: 'tcp.accept', t: b.t, ...c, remote: '10.0.0.50:51000' });
    b.tick().events.push({ kind: 'tls.handshake', t: b.t, ...c, ok: false, ...(how === 'device' ? { failedBy: 'device', alert: 'unknown ca' } : { failedBy: 'gate', alert: 'handshake failure' }), reason: 'x' } as never);
    b.tick().log(`0x3ffc8d2c mbedTLS error: ${code}`, 'mgos_ssl_if_mbedtls', 291).tick().log(`MQTT0 TCP connected error (${status})`, 'mgos_mqtt_conn.c', 187);
    b.tick().close(c, 'device', 'fin').log('MQTT0 disconnected', 'mgos_mqtt_conn.c', 221).wait(2000);
  }
  return failureLog(b.build());
}

describe('tls.failure-log', () => {
  it('passes -0x2700 for a certificate the board rejected and -0x7780 for the broker\'s alert, each with status -3', () => {
    assert.equal(refused('device', '-0x2700').verdict, 'pass', refused('device', '-0x2700').reason);
    assert.equal(refused('alert', '-0x7780').verdict, 'pass');
  });

  it('fails a generic code (tls-error-generic) and the wrong status', () => {
    assert.match(refused('device', '-0x7200').reason, /mbedTLS error -0x7200 logged; the board rejected the broker's certificate .* -0x2700/);
    assert.match(refused('alert', '-0x2700').reason, /the broker refused the board with alert handshake failure, which mbedTLS reports as -0x7780/);
    assert.match(refused('device', '-0x2700', -1).reason, /the connect status is -1, where a failed handshake gives MG_SSL_ERROR \(-3\)/);
  });

  it('has nothing to judge without a failed handshake', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    assertNothingToJudge(failureLog(b.wait(1000).build()));
  });
});
