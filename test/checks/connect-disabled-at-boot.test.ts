/**
 * connect.disabled-at-boot: a board booted with mqtt.enable false never connects until a
 * reboot. Sources: the behaviour spec ("The connection object exists only if mqtt.enable
 * was true at boot … Config.Set of mqtt.enable=true has no effect until a reboot");
 * mgos_mqtt.c mgos_mqtt_init. The IP line is a public ESP32 console capture's
 * (`mgos_net.c:103  WiFi STA: ready, IP 10.33.33.145, GW 10.33.33.101, DNS 10.33.33.101,
 * NTP 0.0.0.0`, followed there 10 ms later by `MQTT0 connecting to`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as disabledAtBootCheck } from '../../harness/checks/connect/disabled-at-boot.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const disabledAtBoot = onInput(disabledAtBootCheck);
const IP_LINE = 'WiFi STA: ready, IP 10.33.33.145, GW 10.33.33.101, DNS 10.33.33.101, NTP 0.0.0.0';

/** Booted with mqtt.enable false: the IP line, HIL.Connect, Config.Set enable true, HIL.Connect again; `connects` makes the last one connect. */
function disabledBoard(connects: 'never' | 'after-enable') {
  const b = new TimelineBuilder({ mqtt: { enable: false } });
  b.banner().wait(1300).log(IP_LINE, 'mgos_net.c', 103).wait(3000);
  b.act({ kind: 'connect' }).wait(3000);
  b.act({ kind: 'config', mqtt: { enable: true } }).tick().act({ kind: 'connect' }).tick();
  if (connects === 'after-enable') b.session('mqtt');
  return b.wait(3000).build();
}

describe('connect.disabled-at-boot', () => {
  it('passes a board that stays silent at the IP event and at each HIL.Connect', () => {
    assertPassCounting(disabledAtBoot(disabledBoard('never')), 3);
  });

  it('fails a board that connects after a Config.Set of mqtt.enable true without a reboot', () => {
    const v = disabledAtBoot(disabledBoard('after-enable'));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /an attempt to mqtt \(primary#0 accepted at the gate\) after a Config.Set of mqtt.enable true, which the library reads only at boot/);
  });

  it('fails an attempt seen only in the board\'s log (a closed port)', () => {
    const b = new TimelineBuilder({ mqtt: { enable: false } });
    b.banner().wait(1300).log(IP_LINE, 'mgos_net.c', 103).tick().closedPort('mqtt').wait(3000);
    const v = disabledAtBoot(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /an attempt to mqtt \(seen in its log only\)/);
  });

  it('does not judge a board enabled at boot, nor a chance not watched for ε', () => {
    const enabled = new TimelineBuilder();
    enabled.banner().wait(1300).log(IP_LINE, 'mgos_net.c', 103).wait(3000);
    assertNothingToJudge(disabledAtBoot(enabled.build()), /booted with mqtt.enable false/);
    const cut = new TimelineBuilder({ mqtt: { enable: false } });
    cut.banner().wait(1300).log(IP_LINE, 'mgos_net.c', 103).wait(10);
    assertNothingToJudge(disabledAtBoot(cut.build()), /no IP event or HIL.Connect watched/);
  });
});
