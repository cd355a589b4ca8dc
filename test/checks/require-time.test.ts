/**
 * connect.require-time on synthetic timelines. The library (mgos_mqtt_time_ok,
 * mgos_mqtt_conn_connect): with require_time on and the clock unset, every try logs
 * "Time is not set, not connecting" and is rescheduled like a failed attempt (2, 4, 8 s
 * …); nothing reacts to the clock being set, so the pending timer's try connects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as requireTimeCheck } from '../../harness/checks/connect/require-time.ts';
import { firstAttemptAfterTimeSetBoundMs } from '../../harness/model/require-time.ts';
import { mqttSection } from '../../harness/contract/mqtt-config.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const requireTime = onInput(requireTimeCheck);
const NOW_S = 1_780_000_000;
const HELD = 'Time is not set, not connecting';

/** HIL.SetTime, answered 2 device ms later. */
function setTime(b: TimelineBuilder, epoch: number): void {
  const t = b.t;
  b.wait(2);
  b.actions.push({ kind: 'set-time', t, repliedAt: b.t, epoch, before: epoch === 0 ? NOW_S : 3, after: epoch });
}

/**
 * The clock unset before the boot, require_time on: held tries at 0.1, 2.1 and 6.1 s,
 * the time set at 7 s, the pending 8 s timer's try at `attemptAtMs` (the library: ≈ 14.1 s).
 */
function library(opts: { requireTime?: boolean; attemptAtMs?: number; connectsAtBoot?: boolean; noBanner?: boolean } = {}) {
  const b = new TimelineBuilder({ mqtt: { require_time: opts.requireTime ?? true } });
  setTime(b, 0);
  b.wait(500).banner();
  if (opts.noBanner) b.events.pop();
  b.wait(50).hil({ ev: 'boot', t: 250, fw_id: 'test' });
  if (opts.connectsAtBoot) b.wait(100).session('mqtt');
  else {
    b.wait(50).log(HELD, 'mgos_mqtt_conn.c', 389).loggedDelay(2000);
    b.wait(2000).log(HELD, 'mgos_mqtt_conn.c', 389).loggedDelay(4000);
    b.wait(4000).log(HELD, 'mgos_mqtt_conn.c', 389).loggedDelay(8000);
  }
  b.wait(900);
  setTime(b, NOW_S);
  b.wait((opts.attemptAtMs ?? 14_100) - 7_000).session('mqtt');
  b.wait(1000);
  return b.build();
}

describe('require_time model', () => {
  it('bounds the first attempt after the time is set by the timer that can be pending', () => {
    const cfg = { mqtt: mqttSection.parse({ enable: true, server: 'x:1883' }), mqtt1: mqttSection.parse({}) };
    // 2, 4, 8 s: 0.9 × 14 s ≥ 7 s, so the pending timer is at most the 8 s one.
    assert.deepEqual(firstAttemptAfterTimeSetBoundMs(cfg, 7_000), { boundMs: 8_800, pendingNominalMs: 8_000 });
    // Right after the first try the 2 s timer is pending.
    assert.equal(firstAttemptAfterTimeSetBoundMs(cfg, 100).pendingNominalMs, 2_000);
    // Long after, the schedule's cap.
    assert.equal(firstAttemptAfterTimeSetBoundMs(cfg, 3_600_000).pendingNominalMs, 60_000);
  });
});

describe('connect.require-time', () => {
  it('passes the library: no connection while unset, the pending timer connects after the time is set', () => {
    assertPassCounting(requireTime(library()), 2);
  });

  it('times the set from the firmware\'s boot line when the banner is before the slice', () => {
    const v = requireTime(library({ noBanner: true }));
    assertPassCounting(v, 2);
    assert.ok((v.observed as { pendingNominalMs?: number }[]).some((o) => o.pendingNominalMs === 8000), JSON.stringify(v.observed));
  });

  it('fails a board that connects without wall time (require-time-ignored)', () => {
    const v = requireTime(library({ connectsAtBoot: true }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /accepted .* unset wall time with mqtt.require_time on/);
  });

  it('fails a board that connects too late after the time is set (past 1.1 × 8 s + ε)', () => {
    const v = requireTime(library({ attemptAtMs: 7_000 + 8_800 + 100 }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /no connection within/);
  });

  it('passes a connection right at the bound (1.1 × 8 s + ε after the time was set)', () => {
    assert.equal(requireTime(library({ attemptAtMs: 7_002 + 8_800 + 40 })).verdict, 'pass');
  });

  it('require_time off: an unset clock stops nothing (connected at boot, judged)', () => {
    const v = requireTime(library({ requireTime: false, connectsAtBoot: true }));
    assert.equal(v.verdict, 'pass', v.reason);
  });

  it('the scenario\'s whole course: held, set, then require_time off with the clock unset (HIL.Connect connects), then the clock restored', () => {
    const b = new TimelineBuilder({ mqtt: { require_time: true } });
    setTime(b, 0);
    b.wait(500).banner().wait(50).hil({ ev: 'boot', t: 250, fw_id: 'test' });
    for (const d of [2000, 4000, 8000]) b.wait(d === 2000 ? 50 : d / 2).log(HELD, 'mgos_mqtt_conn.c', 389).loggedDelay(d);
    b.wait(900);
    setTime(b, NOW_S);
    const c = b.wait(7000).session('mqtt');
    b.wait(500);
    setTime(b, 0);
    b.wait(10).act({ kind: 'config', mqtt: { require_time: false } });
    b.wait(10).act({ kind: 'disconnect' });
    b.tick().close(c, 'device');
    b.wait(10).act({ kind: 'connect' });
    b.wait(40).session('mqtt');
    b.wait(500);
    setTime(b, NOW_S);
    b.wait(100);
    const v = requireTime(b.build());
    assert.equal(v.verdict, 'pass', v.reason);
    assert.ok((v.observed as { after?: string; pendingNominalMs?: number }[]).some((o) => o.after === 'connect'), JSON.stringify(v.observed));
  });

  it('is not judged without HIL.SetTime', () => {
    const b = new TimelineBuilder({ mqtt: { require_time: true } });
    b.banner().wait(100).session('mqtt');
    b.wait(1000);
    assertNothingToJudge(requireTime(b.build()), /unset wall time/);
  });
});
