/**
 * The virtual board's WebSocket transport against the bytes mongoose 6.18 sends and
 * accepts (mongoose.c at tag 6.18: mg_send_websocket_handshake3v, mg_send_ws_header,
 * mg_ws_mask_frame, mg_deliver_websocket_data, mg_ws_close; and mgos_mqtt_ws_conn.c of
 * mongoose-os-libs/mqtt for the path, Host and subprotocol). Expected bytes are written
 * out here by hand, not computed with the code under test.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { clientFrame, FrameReader, handshakeKey, handshakeRequest, parseAnswer, WsTransport } from '../../../harness/virtual/mqtt/ws-transport.ts';

class FakeSocket extends EventEmitter {
  connecting = true;
  destroyed = false;
  ended = false;
  writableLength = 0;
  readonly written: Buffer[] = [];
  write(chunk: Uint8Array): boolean {
    this.written.push(Buffer.from(chunk));
    return true;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
    queueMicrotask(() => this.emit('close'));
  }
}

const ANSWER_101 = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n';

/** Random values that spell a known mask (bytes 0x01 0x02 0x03 0x04 little-endian) and key. */
function fixedRandom(): () => number {
  return () => 0x04030201;
}

function opened(): { inner: FakeSocket; ws: WsTransport; data: Buffer[]; events: string[] } {
  const inner = new FakeSocket();
  const events: string[] = [];
  const ws = new WsTransport(inner, { path: '/hil/mqtt', host: 'broker.localhost:1883', random32: fixedRandom(), tcpConnected: () => events.push('tcp') });
  const data: Buffer[] = [];
  ws.on('connect', () => events.push('connect'));
  ws.on('data', (d: Buffer) => data.push(d));
  ws.on('close', () => events.push('close'));
  inner.connecting = false;
  inner.emit('connect');
  return { inner, ws, data, events };
}

describe('the virtual board\'s MQTT over WebSocket', () => {
  it('sends the upgrade request as mg_send_websocket_handshake3v writes it: path, key, Host = the configured server, subprotocol mqtt', () => {
    const key = handshakeKey(fixedRandom());
    // Sixteen bytes 01 02 03 04 repeated, base64.
    assert.equal(key, 'AQIDBAECAwQBAgMEAQIDBA==');
    assert.equal(
      handshakeRequest('/hil/mqtt', '10.0.0.5:8080', key),
      'GET /hil/mqtt HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AQIDBAECAwQBAgMEAQIDBA==\r\nHost: 10.0.0.5:8080\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n',
    );
    const { inner, events } = opened();
    assert.deepEqual(events, ['tcp']);
    assert.equal(inner.written.length, 1);
    assert.match(inner.written[0]!.toString('latin1'), /^GET \/hil\/mqtt HTTP\/1\.1\r\n[\s\S]*Host: broker\.localhost:1883\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n$/);
  });

  it('masks every client frame: FIN|binary, the mask bit, the 4-byte mask, the payload XOR the mask', () => {
    const connect = Buffer.from([0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54]);
    assert.deepEqual([...clientFrame(2, connect, 0x04030201)], [0x82, 0x88, 0x01, 0x02, 0x03, 0x04, 0x11, 0x0e, 0x03, 0x00, 0x4c, 0x53, 0x57, 0x50]);
    // 126 bytes take the 16-bit length; 65535 bytes already the 64-bit one (mg_send_ws_header's `len < 65535`).
    assert.deepEqual([...clientFrame(2, Buffer.alloc(126), 0).subarray(0, 4)], [0x82, 0xfe, 0x00, 0x7e]);
    assert.deepEqual([...clientFrame(2, Buffer.alloc(65534), 0).subarray(0, 4)], [0x82, 0xfe, 0xff, 0xfe]);
    assert.deepEqual([...clientFrame(2, Buffer.alloc(65535), 0).subarray(0, 10)], [0x82, 0xff, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);
  });

  it('after a 101 with Sec-WebSocket-Accept it is connected, and what one event writes goes out as one masked binary frame', () => {
    const { inner, ws, events } = opened();
    inner.emit('data', Buffer.from(ANSWER_101, 'latin1'));
    assert.deepEqual(events, ['tcp', 'connect']);
    ws.turn(() => {
      ws.write(Buffer.from([0x82, 0x05, 0x00, 0x01, 0x00, 0x01, 0x74]));
      ws.write(Buffer.from([0x30, 0x02, 0x00, 0x00]));
    });
    const frame = inner.written[1]!;
    assert.deepEqual([...frame.subarray(0, 6)], [0x82, 0x8b, 0x01, 0x02, 0x03, 0x04]);
    assert.equal(inner.written.length, 2, 'one frame for the event');
  });

  it('takes frames the server sends in pieces and fragments (reassembled), answers a ping with a masked pong between fragments', () => {
    const { inner, data } = opened();
    const connack = [0x20, 0x02, 0x00, 0x00];
    // The 101 and a first frame in one chunk, then a fragmented PUBLISH with a ping in between, split mid-header.
    const publish = [0x30, 0x07, 0x00, 0x03, 0x61, 0x2f, 0x62, 0x68, 0x69];
    const bytes = Buffer.concat([
      Buffer.from(ANSWER_101, 'latin1'),
      Buffer.from([0x82, 0x04, ...connack]),
      Buffer.from([0x02, 0x04, ...publish.slice(0, 4)]),
      Buffer.from([0x89, 0x01, 0x78]),
      Buffer.from([0x80, 0x05, ...publish.slice(4)]),
    ]);
    const cut = ANSWER_101.length + 7;
    inner.emit('data', bytes.subarray(0, 10));
    inner.emit('data', bytes.subarray(10, cut));
    inner.emit('data', bytes.subarray(cut));
    assert.deepEqual(data.map((d) => [...d]), [connack, publish]);
    // The pong: FIN|pong, masked, length 1, mask 01 02 03 04, 0x78 ^ 0x01.
    assert.deepEqual([...inner.written[1]!], [0x8a, 0x81, 0x01, 0x02, 0x03, 0x04, 0x79]);
  });

  it('echoes a close frame and ends the connection (mg_ws_close)', () => {
    const { inner } = opened();
    inner.emit('data', Buffer.concat([Buffer.from(ANSWER_101, 'latin1'), Buffer.from([0x88, 0x02, 0x03, 0xe8])]));
    assert.deepEqual([...inner.written[1]!], [0x88, 0x82, 0x01, 0x02, 0x03, 0x04, 0x02, 0xea]);
    assert.equal(inner.ended, true);
  });

  it('a non-101 answer: the library hears "connected" all the same, writes nothing, and the connection closes at once', async () => {
    const { inner, ws, events } = opened();
    ws.on('connect', () => ws.write(Buffer.from([0x10, 0x00])));
    inner.emit('data', Buffer.from('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', 'latin1'));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events, ['tcp', 'connect', 'close']);
    assert.equal(ws.answerStatus, 404);
    assert.equal(inner.written.length, 1, 'only the upgrade request went out');
    assert.equal(inner.destroyed, true);
    // A 101 without Sec-WebSocket-Accept is no upgrade for mongoose either.
    assert.deepEqual(parseAnswer('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket'), { status: 101, hasAccept: false });
  });

  it('a write outside the library\'s event goes out unframed, as mgos_mqtt_pub writes past mgos_mqtt_ws_ev\'s buffer swap', () => {
    const { inner, ws } = opened();
    inner.emit('data', Buffer.from(ANSWER_101, 'latin1'));
    ws.write(Buffer.from([0x30, 0x02, 0x00, 0x00]));
    assert.deepEqual([...inner.written[1]!], [0x30, 0x02, 0x00, 0x00]);
  });

  it('FrameReader refuses a fragmented control frame', () => {
    assert.deepEqual(new FrameReader().push(Buffer.from([0x09, 0x00])), [{ kind: 'error', reason: 'fragmented control frames are illegal' }]);
  });
});
