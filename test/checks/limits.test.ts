import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as recvMbufCheck } from '../../harness/checks/limits/recv-mbuf.ts';
import { run as resubDeliveryCheck } from '../../harness/checks/resubscribe/delivery.ts';
import { decodedPublishBytes, publishPacketBytes } from '../../harness/model/recv-limit.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { type Conn, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const recvMbuf = onInput(recvMbufCheck);
const resubDelivery = onInput(resubDeliveryCheck);

const TOPIC = 'hil/recv/big'; // 12 bytes
const LIMIT = 256;
// Expected sizes, by hand from MQTT 3.1.1 §3.3 (fixed header 1 byte + remaining-length
// varint, topic length prefix 2 + topic, packet id 2 at QoS ≥ 1, payload):
// QoS 1, 237-byte payload: remaining 2 + 12 + 2 + 237 = 253 (2-byte varint) → 256 bytes, exactly the limit.
// QoS 0, 400-byte payload: remaining 2 + 12 + 400 = 414 → 417 bytes, over it; at QoS 1, 416 → 419.
const AT_LIMIT = 'a'.repeat(237);
const OVER = 'b'.repeat(400);

/** Mongoose's log line (mongoose.c, MQTT handler): the buffer holds exactly the limit when it gives up. */
const limitLine = `0x3ffc8d2c recv buffer (${LIMIT} bytes) exceeds the limit ${LIMIT} bytes, and not drained, closing`;

function deliver(b: TimelineBuilder, c: Conn, payload: string, qos: number, retain = false, packetId?: number): void {
  b.packet(c, 'out', 'publish', { topic: TOPIC, qos, retain, dup: false, payload: payload.slice(0, 256), payloadLength: payload.length, ...(packetId === undefined ? {} : { packetId }) });
}

describe('recv_mbuf_limit model', () => {
  it('sizes a PUBLISH as on the wire', () => {
    assert.equal(publishPacketBytes(12, 1, 237), 256);
    assert.equal(publishPacketBytes(12, 0, 400), 417);
    // 125 remaining bytes fit a 1-byte varint, 128 need 2.
    assert.equal(publishPacketBytes(1, 0, 122), 127);
    assert.equal(publishPacketBytes(1, 0, 125), 131);
    assert.equal(decodedPublishBytes({ topic: TOPIC }), undefined);
  });
});

describe('limits.recv-mbuf', () => {
  /**
   * The library's behaviour (mgos_mqtt_conn.c sets the limit at connect; Mongoose 6.18
   * reads at most `limit` bytes and closes when the head packet cannot complete): the
   * message of exactly the limit is acknowledged, the larger one closes the session at
   * once (the virtual board closes within a few device ms; the bound is 1000 + ε), the
   * device reconnects after ≈ 2 s and a retained larger one closes each session again.
   */
  function library(opts: { closeAfterMs?: number | null; atLimitClosesMs?: number; acksOver?: boolean; loops?: number } = {}) {
    const b = new TimelineBuilder({ mqtt: { recv_mbuf_limit: LIMIT } });
    let c = b.session('mqtt', [{ topic: TOPIC, qos: 1 }]);
    b.act({ kind: 'sub', topic: TOPIC, qos: 1 });
    b.wait(100);
    deliver(b, c, AT_LIMIT, 1, false, 7);
    if (opts.atLimitClosesMs !== undefined) {
      b.wait(opts.atLimitClosesMs).close(c, 'device', 'rst');
      b.wait(2000);
      c = b.session('mqtt', [{ topic: TOPIC, qos: 1 }]);
    } else {
      b.wait(5).packet(c, 'in', 'puback', { packetId: 7 });
    }
    b.wait(100);
    deliver(b, c, OVER, 1, false, 8);
    if (opts.acksOver) b.wait(5).packet(c, 'in', 'puback', { packetId: 8 });
    if (opts.closeAfterMs === null) {
      b.wait(5000);
      return b.build();
    }
    b.wait(opts.closeAfterMs ?? 5).log(limitLine, 'mongoose.c', 10811).close(c, 'device', 'rst');
    for (let i = 0; i < (opts.loops ?? 0); i++) {
      b.wait(2000);
      const s = b.session('mqtt', [{ topic: TOPIC, qos: 1 }]);
      b.wait(5);
      deliver(b, s, OVER, 0, true);
      b.wait(5).log(limitLine, 'mongoose.c', 10811).close(s, 'device', 'rst');
    }
    b.wait(2000);
    const last = b.session('mqtt', [{ topic: TOPIC, qos: 1 }]);
    b.wait(100);
    deliver(b, last, 'small', 1, false, 9);
    b.wait(5).packet(last, 'in', 'puback', { packetId: 9 }).wait(3000);
    return b.build();
  }

  it('passes the library: at the limit handled, over it closed, the retained loop closed every time', () => {
    // Judged: the at-limit one, the oversized one, 3 retained oversized ones, the small one = 6.
    const v = recvMbuf(library({ loops: 3 }));
    assertPassCounting(v, 6);
    assert.match(v.reason, /closed 3 session\(s\) in a row/);
  });

  it('fails a board that takes the oversized message (recv-limit-ignored): no close, and a PUBACK', () => {
    const v = recvMbuf(library({ closeAfterMs: null, acksOver: true }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /419-byte PUBLISH over recv_mbuf_limit 256 was delivered and the connection stayed open/);
    assert.match(v.reason, /acknowledged a 419-byte PUBLISH/);
  });

  it('fails a close later than the bound (1000 ms poll + ε 50 ms of the builder)', () => {
    const v = recvMbuf(library({ closeAfterMs: 1500 }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /the device closed it after 1500 ms; expected the device to close within 1050 ms/);
    assert.equal(recvMbuf(library({ closeAfterMs: 1000 })).verdict, 'pass');
  });

  it('fails a board that closes on a packet of exactly the limit (≥ instead of >)', () => {
    const v = recvMbuf(library({ atLimitClosesMs: 5 }));
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /closed the connection 5 ms after a 256-byte PUBLISH within recv_mbuf_limit 256/);
  });

  it('does not judge a message queued behind an oversized one: the device never read it', () => {
    const b = new TimelineBuilder({ mqtt: { recv_mbuf_limit: LIMIT } });
    const c = b.session('mqtt', [{ topic: TOPIC, qos: 1 }]);
    b.wait(100);
    deliver(b, c, OVER, 0);
    b.tick();
    deliver(b, c, '', 1, false, 3);
    b.wait(5).close(c, 'device', 'rst').wait(3000);
    assertPassCounting(recvMbuf(b.build()), 1);
  });

  it('has nothing to judge without an oversized delivery, nor with a close by the gate', () => {
    const b = new TimelineBuilder();
    const c = b.session('mqtt', [{ topic: TOPIC, qos: 1 }]);
    b.wait(100);
    deliver(b, c, 'small', 0);
    b.wait(5).close(c, 'device').wait(3000);
    assertNothingToJudge(recvMbuf(b.build()), /no PUBLISH larger than recv_mbuf_limit/);

    const g = new TimelineBuilder({ mqtt: { recv_mbuf_limit: LIMIT } });
    const d = g.session('mqtt');
    g.wait(100);
    deliver(g, d, OVER, 0);
    g.wait(5).close(d, 'gate').wait(3000);
    assertNothingToJudge(recvMbuf(g.build()));
  });
});

describe('resubscribe.delivery under recv_mbuf_limit', () => {
  it('does not expect the handler to get a message larger than the limit, or one behind it', () => {
    const b = new TimelineBuilder({ mqtt: { recv_mbuf_limit: LIMIT } });
    b.act({ kind: 'sub', topic: TOPIC, qos: 1 });
    const first = b.session('mqtt', [{ topic: TOPIC, qos: 1 }]);
    b.wait(1000).close(first, 'gate').wait(2000);
    const c = b.session('mqtt', [{ topic: TOPIC, qos: 1 }]);
    b.wait(100).act({ kind: 'peer-publish', broker: 'primary', topic: TOPIC, payload: OVER, qos: 0, retain: false });
    b.tick();
    deliver(b, c, OVER, 0);
    b.wait(5).close(c, 'device', 'rst').wait(3000);
    assertNothingToJudge(resubDelivery(b.build()));
  });
});
