import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as pingCheck } from '../../harness/checks/keepalive/ping.ts';
import { run as silentBrokerCheck } from '../../harness/checks/keepalive/silent-broker.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const ping = onInput(pingCheck);
const silentBroker = onInput(silentBrokerCheck);

describe('keepalive.ping', () => {
  function idle(pingsAfterMs: number[], tail = 1000) {
    const b = new TimelineBuilder({ mqtt: { keep_alive: 5 } });
    const c = b.session('mqtt');
    for (const ms of pingsAfterMs) b.wait(ms).packet(c, 'in', 'pingreq').wait(3).packet(c, 'out', 'pingresp');
    b.wait(tail);
    return b.build();
  }

  it('passes pings ≈ keep_alive after the last packet sent (up to 1 s late)', () => {
    const v = ping(idle([5000, 5600, 5200]));
    assertPassCounting(v, 3);
  });

  it('fails a device that never pings', () => {
    const v = ping(idle([], 20_000));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /no PINGREQ/);
  });

  it('fails early pings', () => {
    const v = ping(idle([2500, 2500]));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /PINGREQ 25\d\d ms after/);
  });

  it('skips a session shorter than keep_alive', () => {
    assertNothingToJudge(ping(idle([], 2000)), /no session stayed idle for longer than keep_alive/);
  });

  it('has nothing to judge in a connection from before the slice that is still pinging into it', () => {
    const b = new TimelineBuilder({ mqtt: { keep_alive: 5 } });
    const old = b.carriedOver('mqtt');
    for (let i = 0; i < 3; i++) b.wait(2500).packet(old, 'in', 'pingreq').tick().packet(old, 'out', 'pingresp');
    b.wait(20_000).close(old, 'broker');
    assertNothingToJudge(ping(b.build()));
  });
});

describe('keepalive.silent-broker', () => {
  function blackhole(closeAfterMs: number | null, observeMs = 20_000) {
    const b = new TimelineBuilder({ mqtt: { keep_alive: 5 } });
    b.fault('primary', 'blackhole');
    const c = b.accept('mqtt');
    b.tick().connect(c, 'mqtt');
    b.wait(5300).packet(c, 'in', 'pingreq');
    if (closeAfterMs !== null) b.wait(closeAfterMs - 5300).close(c, 'device');
    b.wait(observeMs);
    return b.build();
  }

  it('passes a close ≈ 2 × keep_alive after CONNECT', () => {
    const v = silentBroker(blackhole(10_600));
    assertPassCounting(v, 1);
  });

  it('fails a device that holds the silent broker forever', () => {
    const v = silentBroker(blackhole(null, 30_000));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /still holding/);
  });

  it('fails a device that gives up much too early', () => {
    const v = silentBroker(blackhole(6000));
    assert.equal(v.verdict, 'fail');
  });

  it('skips without a blackhole fault, or before the window ends', () => {
    const b = new TimelineBuilder();
    b.session('mqtt');
    assertNothingToJudge(silentBroker(b.build()), /no blackhole fault/);
    assertNothingToJudge(silentBroker(blackhole(null, 1000)), /no connection to a silent broker was observed until the device closed it/);
  });

  it('has nothing to judge in the previous boot\'s socket, reset by the rebooted board inside the slice', () => {
    // A rebooted ESP32 answers the broker's next packet on its old socket with a RST: closed
    // "by the device" after however long, which is no evidence of its keep-alive.
    const b = new TimelineBuilder({ mqtt: { keep_alive: 5 } });
    b.fault('primary', 'blackhole');
    const old = b.carriedOver('mqtt');
    b.wait(10_500).close(old, 'device', 'rst');
    b.wait(20_000);
    assertNothingToJudge(silentBroker(b.build()));
  });
});
