/** The gate's small parts on their own: wire framing, the fault registry, the release queue, the broker's stream, topic matching. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import mqttPacket from 'mqtt-packet';
import { combineVerdicts } from '../../harness/brokers/faults/fault.ts';
import { FaultSpecError, faultNames, parseFaultSetting } from '../../harness/brokers/faults/registry.ts';
import { packetFields } from '../../harness/brokers/packet-event.ts';
import { topicMatches } from '../../harness/brokers/peer.ts';
import { ReleaseQueue } from '../../harness/brokers/release-queue.ts';
import { BrokerEnd } from '../../harness/brokers/streams.ts';
import { decodePacket, PacketDecoder, PacketFramer } from '../../harness/brokers/wire.ts';

describe('PacketFramer', () => {
  const pingreq = Buffer.from([0xc0, 0x00]);
  const publish = mqttPacket.generate({ cmd: 'publish', topic: 'a/b', payload: Buffer.alloc(300, 1), qos: 1, messageId: 9, retain: false, dup: false });

  it('cuts whole packets out of arbitrary chunks, byte by byte too', () => {
    const stream = Buffer.concat([pingreq, publish, pingreq]);
    const framer = new PacketFramer(1 << 20);
    const frames: Buffer[] = [];
    for (const byte of stream) frames.push(...framer.push(Buffer.from([byte])).frames);
    assert.deepEqual(frames, [pingreq, publish, pingreq]);
    assert.equal(framer.pending, 0);
  });

  it('refuses a remaining length of more than 4 bytes and packets over the limit', () => {
    assert.match(new PacketFramer(1 << 20).push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])).error ?? '', /malformed remaining length/);
    assert.match(new PacketFramer(100).push(publish).error ?? '', /packet of 310 bytes exceeds the gate's limit of 100 bytes/);
  });

  it('decodes golden bytes, and reports undecodable ones', () => {
    // CONNECT, MQTT 3.1.1, clean, keepalive 60, client id "esp32_0A1B2C", user "u", password "p" (MQTT 3.1.1 §3.1)
    const bytes = mqttPacket.generate({ cmd: 'connect', clientId: 'esp32_0A1B2C', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60, username: 'u', password: Buffer.from('p') });
    assert.equal(bytes.toString('hex'), '101e00044d51545404c2003c000c65737033325f3041314232430001750001' + '70');
    const decoded = decodePacket(bytes, 4);
    assert.ok('packet' in decoded);
    const fields = packetFields(decoded.packet);
    assert.ok(!('unrecordable' in fields));
    assert.deepEqual(fields.connect, { clientId: 'esp32_0A1B2C', protocolVersion: 4, clean: true, keepalive: 60, username: 'u', hasPassword: true });
    assert.ok('packet' in decodePacket(Buffer.from([0x62, 0x02, 0x00, 0x01]), 4)); // PUBREL, flags 0010
    const invalid = decodePacket(Buffer.from([0x61, 0x02, 0x00, 0x01]), 4);
    assert.ok('error' in invalid && /Invalid header flag bits/.test(invalid.error), JSON.stringify(invalid));
  });

  it('one decoder for a stream of whole packets: a bad one or one cut short does not spoil the next', () => {
    const decoder = new PacketDecoder();
    const puback = (id: number) => Buffer.from([0x40, 0x02, 0x00, id]); // PUBACK, MQTT 3.1.1 §3.4
    for (const id of [1, 2, 3]) {
      const d = decoder.decode(puback(id), 4);
      assert.ok('packet' in d && d.packet.cmd === 'puback' && d.packet.messageId === id, JSON.stringify(d));
    }
    assert.ok('error' in decoder.decode(Buffer.from([0x61, 0x02, 0x00, 0x01]), 4));
    const after = decoder.decode(puback(4), 4);
    assert.ok('packet' in after && after.packet.cmd === 'puback' && after.packet.messageId === 4, JSON.stringify(after));
    // Cut short (not what the framer hands over, but a parser left mid-packet must not live on).
    const short = decoder.decode(Buffer.from([0x40, 0x02, 0x00]), 4);
    assert.ok('error' in short && /left over|no packet decoded/.test(short.error), JSON.stringify(short));
    const next = decoder.decode(puback(6), 4);
    assert.ok('packet' in next && next.packet.messageId === 6, JSON.stringify(next));
  });
});

describe('fault registry', () => {
  it('knows every fault by name', () => {
    assert.deepEqual(faultNames, ['accept', 'refuse-rst', 'closed', 'connack', 'drop', 'delay', 'blackhole', 'qos0-only', 'withhold-puback', 'withhold-pubrec', 'segment', 'malformed']);
  });

  it('fills defaults, treats accept as the empty chain, and accepts chains', () => {
    assert.deepEqual(parseFaultSetting({ fault: 'connack', code: 5 }), [{ fault: 'connack', code: 5, how: 'fin' }]);
    assert.deepEqual(parseFaultSetting({ fault: 'accept' }), []);
    assert.deepEqual(parseFaultSetting([{ fault: 'delay', ms: 10 }, { fault: 'qos0-only' }]), [
      { fault: 'delay', ms: 10, packets: 'all', direction: 'both' },
      { fault: 'qos0-only', how: 'fin' },
    ]);
  });

  it('explains bad input with the path', () => {
    const message = (input: unknown) => {
      try {
        parseFaultSetting(input);
      } catch (err) {
        assert.ok(err instanceof FaultSpecError);
        return err.message;
      }
      assert.fail('should have thrown');
    };
    assert.match(message({ fault: 'connack', code: 0 }), /Too small[\s\S]*at code/);
    assert.match(message({ fault: 'connack' }), /at code/);
    assert.match(message({ fault: 'drop', how: 'gently' }), /at how/);
    assert.match(message({ fault: 'delay', ms: 100, maxMs: 50 }), /maxMs must be at least ms[\s\S]*at maxMs/);
    assert.match(message({ fault: 'accept', extra: 1 }), /Unrecognized key: "extra"/);
    assert.match(message([{ fault: 'accept' }, { fault: 'tarpit' }]), /unknown fault "tarpit" at \[1\]\.fault; known faults: accept, refuse-rst/);
    assert.match(message([]), /expected array to have >=1 items/);
    assert.match(message('connack 5'), /invalid fault setting/);
  });

  it('combines verdicts: swallow wins, delays add, the first close wins', () => {
    assert.deepEqual(
      combineVerdicts([{ delayMs: 10 }, undefined, { delayMs: 5, thenClose: { how: 'fin', reason: 'a' } }, { swallow: true, thenClose: { how: 'rst', reason: 'b' } }]),
      { delayMs: 15, thenClose: { how: 'fin', reason: 'a' }, swallow: true },
    );
  });
});

describe('ReleaseQueue', () => {
  it('delivers at once when idle, never lets a later item overtake, flushes and clears', async () => {
    const out: string[] = [];
    const q = new ReleaseQueue<string>((s) => out.push(s), () => performance.now());
    q.push('now');
    assert.deepEqual(out, ['now']);
    q.push('slow', 40);
    q.push('fast', 0);
    assert.equal(q.size, 2);
    q.flush();
    assert.deepEqual(out, ['now', 'slow', 'fast']);
    q.push('dropped', 10_000);
    q.clear();
    assert.equal(q.size, 0);
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const q2 = new ReleaseQueue<number>((n) => {
        if (n === 2) {
          assert.ok(performance.now() - t0 >= 29);
          resolve();
        }
      }, () => performance.now());
      q2.push(1, 30);
      q2.push(2, 1);
    });
  });

  it('pushAfterLast spaces pieces out after the last item held, or after now', () => {
    let clock = 100;
    const out: string[] = [];
    const q = new ReleaseQueue<string>((s) => out.push(s), () => clock);
    q.push('a1');
    q.pushAfterLast('a2', 5);
    q.pushAfterLast('a3', 5);
    // Another packet's first piece goes with the last held one, never before it.
    q.push('b1');
    assert.deepEqual(out, ['a1']);
    clock = 105;
    (q as unknown as { releaseDue(): void }).releaseDue();
    assert.deepEqual(out, ['a1', 'a2']);
    clock = 110;
    (q as unknown as { releaseDue(): void }).releaseDue();
    assert.deepEqual(out, ['a1', 'a2', 'a3', 'b1']);
    q.clear();
  });
});

describe('BrokerEnd', () => {
  it('hands the gate what the broker wrote while corked in one piece, in order (mqtt-packet corks a packet\'s buffers)', async () => {
    const writes: Buffer[] = [];
    const end = new BrokerEnd({ onWrite: (b) => writes.push(b), onBrokerClose: () => {}, onRead: () => {} });
    end.write(Buffer.from([1]));
    end.cork();
    end.write(Buffer.from([2, 3]));
    end.write(Buffer.from([4]));
    end.write(Buffer.from([5, 6]));
    process.nextTick(() => end.uncork());
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes.map((b) => [...b]), [[1], [2, 3, 4, 5, 6]]);
    end.destroy();
  });
});

describe('topicMatches', () => {
  it('follows MQTT wildcard rules', () => {
    assert.ok(topicMatches('a/+/c', 'a/b/c'));
    assert.ok(topicMatches('a/#', 'a'));
    assert.ok(topicMatches('a/#', 'a/b/c'));
    assert.ok(!topicMatches('a/+', 'a/b/c'));
    assert.ok(!topicMatches('#', '$SYS/x'));
    assert.ok(topicMatches('$SYS/#', '$SYS/x'));
    assert.ok(!topicMatches('a/b', 'a/b/c'));
  });
});
