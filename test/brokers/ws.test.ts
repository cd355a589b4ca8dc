/**
 * The gate's WebSocket listener: the upgrade recorded (path, subprotocols, status),
 * a wrong path refused with 404, accept faults before any HTTP byte, and MQTT packets
 * cut out of WebSocket frames (several in one frame, one over fragments) so the gate
 * observes them and its MQTT faults act on them.
 *
 * The client here writes bytes by hand, as mongoose 6.18 does (mg_send_websocket_handshake3v,
 * mg_send_ws_header: FIN | opcode, the mask bit, a 4-byte mask, the masked payload), so
 * nothing on the board's side of the code base is reused to test the gate.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { BrokerPair } from '../../harness/brokers/broker-pair.ts';
import type { WsListener } from '../../harness/brokers/ws-listener.ts';
import type { EventOf } from '../../harness/timeline/events.ts';

let pair: BrokerPair;
let listener: WsListener;

before(async () => {
  pair = await BrokerPair.start({ host: '127.0.0.1' });
  listener = await pair.primary.addWsListener('/hil/mqtt');
});
after(async () => {
  await pair.close();
});

/** The request mongoose sends (mg_send_websocket_handshake3v, no auth, no extra headers). */
function handshake(path: string, host: string, protocol = 'mqtt'): string {
  return (
    `GET ${path} HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nHost: ${host}\r\n${protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : ''}\r\n`
  );
}

/** A client frame: FIN (unless `more`), opcode, mask bit, 4-byte mask, payload XOR mask. */
function frame(opcode: number, payload: Buffer, { more = false, mask = true } = {}): Buffer {
  const key = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0, len]) : Buffer.from([0, 126, len >> 8, len & 0xff]);
  head[0] = (more ? 0 : 0x80) | opcode;
  if (mask) head[1]! |= 0x80;
  const body = mask ? Buffer.from(payload.map((b, i) => b ^ key[i % 4]!)) : payload;
  return Buffer.concat([head, mask ? key : Buffer.alloc(0), body]);
}

interface Client {
  socket: net.Socket;
  received: Buffer[];
  ended: Promise<string>;
  text(): string;
  /** The MQTT packets in the server's (unmasked, binary) frames after the 101 response. */
  packets(): Packet[];
}

function client(): Client {
  const socket = net.connect({ host: '127.0.0.1', port: listener.port });
  const received: Buffer[] = [];
  socket.on('data', (d: Buffer) => received.push(d));
  const ended = new Promise<string>((resolve) => {
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    socket.on('close', () => resolve('close'));
  });
  const all = () => Buffer.concat(received);
  return {
    socket,
    received,
    ended,
    text: () => all().toString('latin1'),
    packets: () => {
      const bytes = all();
      const headEnd = bytes.indexOf('\r\n\r\n');
      let off = headEnd + 4;
      const out: Packet[] = [];
      const parser = mqttPacket.parser();
      parser.on('packet', (p: Packet) => out.push(p));
      while (off + 2 <= bytes.length) {
        assert.equal(bytes[off]! & 0x0f, 2, 'the gate sends binary frames');
        assert.equal(bytes[off + 1]! & 0x80, 0, 'server frames are not masked');
        const len = bytes[off + 1]! & 0x7f;
        parser.parse(bytes.subarray(off + 2, off + 2 + len));
        off += 2 + len;
      }
      return out;
    },
  };
}

function until<E extends EventOf<'ws.handshake'> | EventOf<'tcp.close'> | EventOf<'mqtt.packet'> | EventOf<'tcp.accept'>>(
  predicate: (e: EventOf<'ws.handshake'> | EventOf<'tcp.close'> | EventOf<'mqtt.packet'> | EventOf<'tcp.accept'>) => e is E,
  since: number,
  description: string,
): Promise<E> {
  return pair.timeline.waitFor((e): e is E => (e.kind === 'ws.handshake' || e.kind === 'tcp.close' || e.kind === 'mqtt.packet' || e.kind === 'tcp.accept') && e.broker === 'primary' && predicate(e), {
    timeoutMs: 3000,
    since,
    description,
  });
}

const isHandshake = (e: { kind: string }): e is EventOf<'ws.handshake'> => e.kind === 'ws.handshake';

const connectBytes = (clientId: string) => mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId, clean: true, keepalive: 30 });
const subscribeBytes = mqttPacket.generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'hil/ws/#', qos: 1 }] });
const publishBytes = mqttPacket.generate({ cmd: 'publish', topic: 'hil/ws/up', payload: Buffer.from('over-fragments'), qos: 1, messageId: 2, dup: false, retain: false });

describe('the gate behind a WebSocket listener', { concurrency: false }, () => {
  it('upgrades a request for its path with subprotocol mqtt, records it, and carries MQTT in binary frames', async () => {
    await pair.primary.setFault({ fault: 'accept' });
    const since = pair.timeline.now();
    const c = client();
    c.socket.write(handshake('/hil/mqtt', `127.0.0.1:${listener.port}`));
    const hs = await until(isHandshake, since, 'a ws.handshake');
    assert.deepEqual([hs.ok, hs.path, hs.protocols, hs.protocol, hs.status, hs.host, hs.servedPath], [true, '/hil/mqtt', ['mqtt'], 'mqtt', 101, `127.0.0.1:${listener.port}`, '/hil/mqtt']);
    c.socket.write(frame(2, connectBytes('ws-ok')));
    const connack = await until((e): e is EventOf<'mqtt.packet'> => e.kind === 'mqtt.packet' && e.type === 'connack', since, 'CONNACK');
    assert.equal(connack.conn, hs.conn);
    const connect = pair.timeline.events({ kind: 'mqtt.packet', since }).find((e) => e.type === 'connect');
    assert.equal(connect?.connect?.clientId, 'ws-ok');
    await new Promise((r) => setTimeout(r, 50));
    assert.match(c.text(), /^HTTP\/1\.1 101 Switching Protocols\r\n/);
    // RFC 6455 §1.3's example key and its accept value.
    assert.match(c.text(), /Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=\r\n/);
    assert.match(c.text(), /Sec-WebSocket-Protocol: mqtt\r\n/);
    assert.deepEqual(c.packets().map((p) => p.cmd), ['connack']);
    c.socket.destroy();
  });

  it('refuses a request for another path with 404 and a close, recording the path asked for', async () => {
    await pair.primary.setFault({ fault: 'accept' });
    const since = pair.timeline.now();
    const c = client();
    c.socket.write(handshake('/mqtt', 'broker.localhost'));
    const hs = await until(isHandshake, since, 'a ws.handshake');
    assert.deepEqual([hs.ok, hs.path, hs.status, hs.failedBy], [false, '/mqtt', 404, 'gate']);
    assert.match(hs.reason ?? '', /no WebSocket endpoint at \/mqtt \(the broker serves \/hil\/mqtt\)/);
    const close = await until((e): e is EventOf<'tcp.close'> => e.kind === 'tcp.close' && e.conn === hs.conn, since, 'the close');
    assert.equal(close.by, 'gate');
    await c.ended;
    assert.match(c.text(), /^HTTP\/1\.1 404 Not Found\r\n/);
    assert.equal(pair.timeline.events({ kind: 'mqtt.packet', since }).length, 0);
  });

  it('refuse-rst resets the TCP connection before any HTTP byte: no upgrade is recorded', async () => {
    await pair.primary.setFault({ fault: 'refuse-rst' });
    const since = pair.timeline.now();
    const c = client();
    c.socket.on('connect', () => c.socket.write(handshake('/hil/mqtt', 'x')));
    await c.ended;
    const accept = await until((e): e is EventOf<'tcp.accept'> => e.kind === 'tcp.accept', since, 'accept');
    const close = await until((e): e is EventOf<'tcp.close'> => e.kind === 'tcp.close' && e.conn === accept.conn, since, 'the reset');
    assert.deepEqual([close.by, close.how], ['gate', 'rst']);
    assert.equal(pair.timeline.events({ kind: 'ws.handshake', since }).length, 0);
    assert.equal(c.text(), '');
    await pair.primary.setFault({ fault: 'accept' });
  });

  it('cuts MQTT packets out of frames: two in one frame, one over fragments; a drop after N packets counts them', async () => {
    await pair.primary.setFault({ fault: 'drop', afterPackets: 5 });
    const since = pair.timeline.now();
    const c = client();
    c.socket.write(handshake('/hil/mqtt', 'x'));
    const hs = await until(isHandshake, since, 'a ws.handshake');
    assert.equal(hs.ok, true);
    // CONNECT and SUBSCRIBE in one frame, as the library sends what one event produced.
    c.socket.write(frame(2, Buffer.concat([connectBytes('ws-frames'), subscribeBytes])));
    await until((e): e is EventOf<'mqtt.packet'> => e.kind === 'mqtt.packet' && e.type === 'suback', since, 'SUBACK');
    // A PUBLISH in a first fragment and a continuation.
    const cut = 7;
    c.socket.write(Buffer.concat([frame(2, publishBytes.subarray(0, cut), { more: true }), frame(0, publishBytes.subarray(cut))]));
    const close = await until((e): e is EventOf<'tcp.close'> => e.kind === 'tcp.close' && e.conn === hs.conn, since, 'the drop');
    const types = pair.timeline.events({ kind: 'mqtt.packet', since }).map((e) => `${e.dir} ${e.type}`);
    assert.deepEqual(types, ['in connect', 'in subscribe', 'out connack', 'out suback', 'in publish']);
    const publish = pair.timeline.events({ kind: 'mqtt.packet', since }).find((e) => e.type === 'publish');
    assert.deepEqual([publish?.topic, publish?.payload], ['hil/ws/up', 'over-fragments']);
    assert.deepEqual([close.by, close.reason], ['gate', 'drop after 5 packets']);
    await pair.primary.setFault({ fault: 'accept' });
  });

  it('a FIN drop before the upgrade (a device that sent no request yet) ends the TCP socket at once', async () => {
    const since = pair.timeline.now();
    const c = client();
    const accept = await until((e): e is EventOf<'tcp.accept'> => e.kind === 'tcp.accept', since, 'accept');
    const started = Date.now();
    pair.primary.gate.dropAll('fin');
    assert.equal(await c.ended, 'close');
    assert.ok(Date.now() - started < 1000, `the FIN came after ${Date.now() - started} ms, not at once`);
    const close = await until((e): e is EventOf<'tcp.close'> => e.kind === 'tcp.close' && e.conn === accept.conn, since, 'the close');
    assert.deepEqual([close.by, close.how], ['gate', 'fin']);
  });

  it('plain MQTT on the WebSocket port is not an upgrade: 400, recorded as refused by the gate', async () => {
    const since = pair.timeline.now();
    const c = client();
    c.socket.write(connectBytes('plain-on-ws'));
    const hs = await until(isHandshake, since, 'a ws.handshake');
    assert.deepEqual([hs.ok, hs.failedBy, hs.status, hs.path], [false, 'gate', 400, undefined]);
    assert.match(hs.reason ?? '', /not an HTTP request/);
    await c.ended;
    assert.match(c.text(), /^HTTP\/1\.1 400 Bad Request/);
    assert.equal(pair.timeline.events({ kind: 'mqtt.packet', since }).length, 0, 'no MQTT byte reached the broker');
  });

  it('an unmasked frame from the client ends the connection (RFC 6455 §5.1): no packet is taken from it', async () => {
    const since = pair.timeline.now();
    const c = client();
    c.socket.write(handshake('/hil/mqtt', 'x'));
    const hs = await until(isHandshake, since, 'a ws.handshake');
    c.socket.write(frame(2, connectBytes('unmasked'), { mask: false }));
    const close = await until((e): e is EventOf<'tcp.close'> => e.kind === 'tcp.close' && e.conn === hs.conn, since, 'the close');
    assert.match(close.reason ?? '', /MASK/i);
    assert.equal(pair.timeline.events({ kind: 'mqtt.packet', since }).length, 0);
  });

  // RFC 6455 §5.4: a server may fragment a message and put control frames between the
  // fragments; MQTT-6.0.0-2: packets need not be aligned on frame boundaries.
  for (const [ws, expected] of [
    ['fragments', ['binary 3', 'ping FIN 0', 'continuation FIN 1']],
    ['tcp', ['binary FIN 4']],
    ['messages', ['binary FIN 3', 'binary FIN 1']],
  ] as const) {
    it(`segment over WebSocket (ws: ${ws}): the CONNACK's 4 bytes in pieces of 3, as ${expected.join(', ')}`, async () => {
      await pair.primary.setFault({ fault: 'segment', bytes: 3, gapMs: 20, ws });
      const since = pair.timeline.now();
      const c = client();
      c.socket.write(handshake('/hil/mqtt', 'x'));
      const hs = await until(isHandshake, since, 'a ws.handshake');
      const reads: Buffer[] = [];
      const head = () => Buffer.concat(c.received).indexOf('\r\n\r\n');
      c.socket.on('data', (d: Buffer) => {
        if (reads.length > 0 || head() >= 0) reads.push(reads.length === 0 ? Buffer.concat(c.received).subarray(head() + 4) : d);
      });
      c.socket.write(frame(2, connectBytes(`ws-segment-${ws}`)));
      const connack = await until((e): e is EventOf<'mqtt.packet'> => e.kind === 'mqtt.packet' && e.type === 'connack' && e.conn === hs.conn, since, 'CONNACK');
      assert.equal(connack.dir, 'out');
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CONNACK bytes never all arrived: ${Buffer.concat(reads).toString('hex')}`)), 3000);
        const look = () => {
          if (Buffer.concat(reads).length < (ws === 'fragments' ? 2 + 3 + 2 + 2 + 1 : ws === 'tcp' ? 2 + 4 : 2 + 3 + 2 + 1)) return;
          clearTimeout(timer);
          resolve();
        };
        c.socket.on('data', look);
        look();
      });
      const bytes = Buffer.concat(reads);
      const frames: string[] = [];
      const payload: Buffer[] = [];
      const names: Record<number, string> = { 0: 'continuation', 2: 'binary', 9: 'ping' };
      for (let off = 0; off + 2 <= bytes.length; ) {
        const len = bytes[off + 1]! & 0x7f;
        frames.push(`${names[bytes[off]! & 0x0f] ?? '?'}${bytes[off]! & 0x80 ? ' FIN' : ''} ${len}`);
        if ((bytes[off]! & 0x0f) !== 9) payload.push(bytes.subarray(off + 2, off + 2 + len));
        off += 2 + len;
      }
      assert.deepEqual(frames, expected);
      assert.deepEqual(Buffer.concat(payload).subarray(0, 2), Buffer.from([0x20, 0x02]), 'the pieces join into the CONNACK');
      if (ws === 'tcp') assert.ok(reads.length >= 2, `one frame over ${reads.length} reads: ${reads.map((r) => r.length).join(',')}`);
      c.socket.destroy();
      await pair.primary.setFault({ fault: 'accept' });
    });
  }
});
