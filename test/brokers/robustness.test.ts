/**
 * The gate survives random, truncated and oversized input (bounded fuzzing with a fixed
 * seed), and closing the pair leaves no listening socket, connection or timer behind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { BrokerPair } from '../../harness/brokers/broker-pair.ts';
import { Peer } from '../../harness/brokers/peer.ts';
import { activeHandles, RawClient } from './raw-client.ts';
import { mulberry32 } from '../../harness/virtual/random.ts';

/** The project's seeded PRNG (mulberry32), so a failure can be replayed. */
const prng = mulberry32;

const connect = mqttPacket.generate({ cmd: 'connect', clientId: 'fuzz', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60 });

describe('gate robustness', { concurrency: false }, () => {
  it('survives random, truncated and oversized packets (bounded fuzz, seed 1234)', async () => {
    const random = prng(1234);
    const pair = await BrokerPair.start({ maxPacketBytes: 64 * 1024 });
    const rejections: unknown[] = [];
    const onRejection = (err: unknown) => rejections.push(err);
    process.on('unhandledRejection', onRejection);
    try {
      const port = pair.primary.port;
      const cases = 40;
      const started = performance.now();
      for (let i = 0; i < cases && performance.now() - started < 15_000; i++) {
        const since = pair.timeline.now();
        const r = await RawClient.open(port);
        const kind = i % 4;
        let bytes: Buffer;
        if (kind === 0) {
          bytes = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
        } else if (kind === 1) {
          bytes = connect.subarray(0, 1 + Math.floor(random() * (connect.length - 1))); // truncated CONNECT
        } else if (kind === 2) {
          const mutated = Buffer.from(connect);
          mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
          bytes = Buffer.concat([mutated, Buffer.from([0xc0, 0x00])]);
        } else {
          bytes = Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f, 0x00]); // PUBLISH claiming 268 MB
        }
        r.sendBytes(bytes);
        r.socket.end();
        const accept = await pair.timeline.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'primary', { timeoutMs: 3000, since });
        const conn = accept.kind === 'tcp.accept' ? accept.conn : -1;
        await pair.timeline.waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.conn === conn, {
          timeoutMs: 5000,
          since,
          description: `the end of fuzz case ${i} (${bytes.toString('hex').slice(0, 60)})`,
        });
        await r.waitEnd(5000);
        if (kind === 3) {
          const garbage = pair.timeline.events({ kind: 'mqtt.garbage', broker: 'primary', conn });
          assert.match(garbage[0]?.error ?? '', /exceeds the gate's limit/);
        }
        if (kind === 1 && bytes.length < connect.length) {
          const garbage = pair.timeline.events({ kind: 'mqtt.garbage', broker: 'primary', conn });
          assert.ok(garbage.some((g) => /truncated/.test(g.error)) || bytes.length < 2, `case ${i}: truncated CONNECT not reported`);
        }
      }
      assert.ok(pair.timeline.events({ kind: 'mqtt.garbage' }).length > 0);
      // Still a working broker.
      const r = await RawClient.connect(port, 'after-fuzz');
      assert.equal((await r.next('connack')).returnCode, 0);
      r.destroy();
      assert.deepEqual(rejections, []);
    } finally {
      process.off('unhandledRejection', onRejection);
      await pair.close();
    }
  });

  it('close() leaves no listening socket, connection or timer, even with faults and clients active', async () => {
    const before = activeHandles();
    const pair = await BrokerPair.start();
    const peer = await Peer.connect(pair.backup);
    await peer.subscribe('x/#', { qos: 1 });
    await pair.primary.setFault([{ fault: 'delay', ms: 30_000, packets: 'connack' }, { fault: 'drop', afterMs: 60_000 }]);
    const held = await RawClient.connect(pair.primary.port, 'held');
    await pair.timeline.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'connect' && e.connect?.clientId === 'held', { timeoutMs: 2000 });
    const live = await RawClient.connect(pair.backup.port, 'live');
    await live.next('connack');
    await pair.backup.setFault({ fault: 'closed' });
    const plan = pair.runPlan([{ at: 60_000, broker: 'primary', fault: { fault: 'accept' } }]);
    await peer.close();
    await pair.close();
    assert.deepEqual(await plan.done, { applied: 0, cancelled: true });
    await held.waitEnd();
    await live.waitEnd();
    assert.deepEqual(activeHandles(), before);
    assert.equal(pair.timeline.events({ kind: 'tcp.close' }).length, pair.timeline.events({ kind: 'tcp.accept' }).length);
  });

  it('a fault plan applies its steps in order, relative to its start, and can be cancelled', async () => {
    const pair = await BrokerPair.start();
    try {
      const plan = pair.runPlan([
        { at: 120, broker: 'backup', fault: { fault: 'accept' } },
        { at: 40, broker: 'primary', fault: { fault: 'connack', code: 5 } },
        { at: 5000, broker: 'primary', fault: { fault: 'closed' } },
      ]);
      await pair.timeline.waitFor((e) => e.kind === 'fault' && e.broker === 'backup', { timeoutMs: 2000 });
      plan.cancel();
      assert.deepEqual(await plan.done, { applied: 2, cancelled: true });
      const faults = pair.timeline.events({ kind: 'fault' });
      assert.deepEqual(faults.map((f) => [f.broker, f.fault]), [['primary', 'connack'], ['backup', 'accept']]);
      assert.ok(faults[0]!.t - plan.start >= 39, 'first step not early');
      assert.ok(faults[1]!.t - plan.start >= 119, 'second step not early');
      assert.deepEqual(pair.primary.fault, { fault: 'connack', code: 5, how: 'fin' });
      assert.throws(() => pair.runPlan([{ at: -1, broker: 'nobody', fault: { fault: 'accept' } }]), /invalid fault plan[\s\S]*at \[0\]\.at[\s\S]*at \[0\]\.broker/);
    } finally {
      await pair.close();
    }
  });
});
