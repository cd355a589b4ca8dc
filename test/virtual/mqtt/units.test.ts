/**
 * The MQTT client's small pure parts: topic matching, the PRNG, the schedule function,
 * the packet framer's limits, the state machine's guard.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { defaultDeviceConfig } from '../../../harness/virtual/config/schema.ts';
import { ConnectionStateMachine, ConnState } from '../../../harness/virtual/mqtt/connection-state.ts';
import { PacketFramer } from '../../../harness/virtual/mqtt/packet-framer.ts';
import { planReconnect } from '../../../harness/virtual/mqtt/reconnect-schedule.ts';
import { topicMatches } from '../../../harness/virtual/mqtt/topic-match.ts';
import { bootPersonality } from '../../../harness/virtual/personalities/booted.ts';
import { faithful } from '../../../harness/virtual/personalities/faithful.ts';
import { mulberry32 } from '../../../harness/virtual/random.ts';

describe('topicMatches (MQTT 3.1.1 §4.7)', () => {
  const cases: [string, string, boolean][] = [
    ['a/b', 'a/b', true],
    ['a/+', 'a/b', true],
    ['a/+', 'a/b/c', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', 'a/b', true],
    ['+/+', '/x', true],
    ['+', '$SYS', false],
    ['#', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
    ['a/b', 'a/c', false],
    ['a/+/c', 'a//c', true],
  ];
  for (const [filter, topic, expected] of cases) {
    it(`${filter} ${expected ? 'matches' : 'does not match'} ${topic}`, () => assert.equal(topicMatches(filter, topic), expected));
  }
});

describe('mulberry32', () => {
  it('is reproducible per seed and stays in [0, 1)', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    const draws = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(Array.from({ length: 1000 }, () => b()), draws);
    assert.ok(draws.every((x) => x >= 0 && x < 1));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
  });
});

describe('planReconnect', () => {
  const faithfulHooks = bootPersonality(faithful, { resetReason: 'POWERON_RESET' }).hooks;
  const sections = () => {
    const c = defaultDeviceConfig();
    return { mqtt: c.mqtt, mqtt1: { ...c.mqtt1, enable: true, server: 'b:1' } };
  };

  it('fuzzes within ±10 % of the nominal delay, integer ms, over the whole PRNG range', () => {
    const s = sections();
    for (const r of [0, 0.5, 0.999999]) {
      const plan = planReconnect({ rt: 1000, active: 'mqtt', sections: s, failedAttemptsOnActive: 1, random: () => r, lastEnd: { kind: 'tcp-refused', status: 111 } }, faithfulHooks);
      assert.equal(plan.rt, 2000);
      assert.ok(Number.isInteger(plan.delayMs) && plan.delayMs >= 1800 && plan.delayMs <= 2200, `${r} → ${plan.delayMs}`);
    }
  });

  it('switches at rt ≥ max only when the other config is enabled, and starts it at 2 × min', () => {
    const s = sections();
    const at = (rt: number, other: boolean) =>
      planReconnect(
        { rt, active: 'mqtt', sections: { ...s, mqtt1: { ...s.mqtt1, enable: other } }, failedAttemptsOnActive: 6, random: () => 0.5, lastEnd: { kind: 'tcp-refused', status: 111 } },
        faithfulHooks,
      );
    assert.deepEqual([at(60_000, true).active, at(60_000, true).rt], ['mqtt1', 4000]);
    assert.deepEqual([at(60_000, false).active, at(60_000, false).rt], ['mqtt', 60_000]);
    assert.deepEqual([at(32_000, true).active, at(32_000, true).rt], ['mqtt', 60_000]);
  });
});

describe('PacketFramer', () => {
  const publish = (size: number) =>
    mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(size), qos: 0, dup: false, retain: false });

  it('accepts a packet of exactly the limit and refuses one byte more', () => {
    const exact = publish(100);
    assert.equal(new PacketFramer(exact.length).push(exact)[0]!.kind, 'packet');
    assert.equal(new PacketFramer(exact.length - 1).push(exact)[0]!.kind, 'too-large');
  });

  it('waits for more bytes below the limit, and a limit of 0 means none', () => {
    const big = publish(10_000);
    const framer = new PacketFramer(20_000);
    assert.deepEqual(framer.push(big.subarray(0, 5000)), []);
    assert.equal(framer.push(big.subarray(5000))[0]!.kind, 'packet');
    assert.equal(new PacketFramer(0).push(big)[0]!.kind, 'packet');
  });

  it('a packet in 3-byte pieces is read whole (mongoose waits on an incomplete packet); discarding the partial bytes loses it', () => {
    const p = publish(40);
    const framer = new PacketFramer(0);
    const got = [];
    for (let i = 0; i < p.length; i += 3) got.push(...framer.push(p.subarray(i, i + 3)));
    assert.deepEqual(got.map((r) => r.kind), ['packet']);
    const lossy = new PacketFramer(0);
    assert.deepEqual(lossy.push(p.subarray(0, 3)), []);
    assert.equal(lossy.bufferedBytes, 3);
    lossy.discardPartial();
    assert.equal(lossy.bufferedBytes, 0);
    // What follows is read from the middle of the packet: not the packet.
    assert.ok(!lossy.push(p.subarray(3)).some((r) => r.kind === 'packet'));
  });
});

describe('ConnectionStateMachine', () => {
  it('refuses an illegal transition, naming both states', () => {
    const sm = new ConnectionStateMachine();
    sm.to(ConnState.Offline, 'boot');
    assert.throws(() => sm.to(ConnState.Connected, 'test'), /illegal transition offline → connected \(test\)/);
  });
});
