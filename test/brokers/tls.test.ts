/**
 * The gate's TLS listener: MQTT inside the session, the handshake's outcome in the
 * timeline, accept faults before the handshake and MQTT faults inside it.
 */
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { BrokerPair } from '../../harness/brokers/broker-pair.ts';
import type { TlsListener } from '../../harness/brokers/tls-listener.ts';
import type { EventOf } from '../../harness/timeline/events.ts';
import { createTestPki, type TestPki } from '../../harness/tls/pki.ts';

let pair: BrokerPair;
let pki: TestPki;
let listener: TlsListener;

before(async () => {
  pki = await createTestPki({ serverNames: ['127.0.0.1', 'localhost'], boards: ['b1'] });
  pair = await BrokerPair.start({ host: '127.0.0.1' });
  listener = await pair.primary.addTlsListener({ certPem: pki.server.certPem, keyPem: pki.server.keyPem, clientCert: 'none' });
});
after(async () => {
  await pair.close();
});

interface Client {
  socket: tls.TLSSocket;
  packets: Packet[];
  secure: Promise<void>;
  ended: Promise<string>;
}

function client(options: tls.ConnectionOptions = {}): Client {
  const socket = tls.connect({ host: '127.0.0.1', port: listener.port, ca: pki.ca.certPem, maxVersion: 'TLSv1.2', ...options });
  const packets: Packet[] = [];
  const parser = mqttPacket.parser();
  parser.on('packet', (p: Packet) => packets.push(p));
  socket.on('data', (d: Buffer) => parser.parse(d));
  const secure = new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', () => resolve());
    socket.once('error', reject);
  });
  const ended = new Promise<string>((resolve) => {
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    socket.on('close', () => resolve('close'));
  });
  secure.catch(() => {});
  return { socket, packets, secure, ended };
}

function connect(c: Client, clientId: string): void {
  c.socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId, clean: true, keepalive: 30 }));
}

function handshakeOf(since: number) {
  return pair.timeline.waitFor((e): e is EventOf<'tls.handshake'> => e.kind === 'tls.handshake' && e.broker === 'primary', {
    timeoutMs: 3000,
    since,
    description: 'a tls.handshake on primary',
  });
}

function closeOf(conn: number, since: number) {
  return pair.timeline.waitFor((e): e is EventOf<'tcp.close'> => e.kind === 'tcp.close' && e.broker === 'primary' && e.conn === conn, {
    timeoutMs: 3000,
    since,
    description: `tcp.close of primary#${conn}`,
  });
}

describe('the gate behind TLS', { concurrency: false }, () => {
  it('carries MQTT inside the session and records version and cipher', async () => {
    await pair.primary.setFault({ fault: 'accept' });
    const since = pair.timeline.now();
    const c = client();
    await c.secure;
    connect(c, 'tls-ok');
    const connack = await pair.timeline.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'connack' && e.broker === 'primary', { timeoutMs: 3000, since, description: 'CONNACK' });
    const hs = await handshakeOf(since);
    assert.equal(hs.ok, true);
    assert.equal(hs.version, 'TLSv1.2');
    assert.match(hs.cipher ?? '', /ECDHE-ECDSA/);
    assert.equal((connack as EventOf<'mqtt.packet'>).conn, hs.conn);
    c.socket.destroy();
  });

  it('refuse-rst resets the TCP connection before any handshake', async () => {
    await pair.primary.setFault({ fault: 'refuse-rst' });
    const since = pair.timeline.now();
    const c = client();
    assert.equal(await c.ended.then((x) => (x === 'close' ? 'ECONNRESET' : x)), 'ECONNRESET');
    const accept = await pair.timeline.waitFor((e): e is EventOf<'tcp.accept'> => e.kind === 'tcp.accept' && e.broker === 'primary', { timeoutMs: 3000, since, description: 'accept' });
    const close = await closeOf(accept.conn, since);
    assert.deepEqual([close.by, close.how], ['gate', 'rst']);
    assert.equal(pair.timeline.events({ kind: 'tls.handshake', since }).length, 0, 'no handshake after a refusal');
  });

  it('a drop after N packets cuts inside the session (both directions count)', async () => {
    await pair.primary.setFault({ fault: 'drop', afterPackets: 2 });
    const since = pair.timeline.now();
    const c = client();
    await c.secure;
    connect(c, 'tls-drop');
    await c.ended;
    const hs = await handshakeOf(since);
    const close = await closeOf(hs.conn, since);
    assert.deepEqual([close.by, close.how, close.reason], ['gate', 'rst', 'drop after 2 packets']);
    assert.ok(c.packets.some((p) => p.cmd === 'connack'), 'the CONNACK came through the session before the cut');
  });

  it('a broker that requires a client certificate refuses a client without one: the gate records who failed it and the alert', async () => {
    await pair.primary.setFault({ fault: 'accept' });
    listener.setIdentity({ certPem: pki.server.certPem, keyPem: pki.server.keyPem, clientCert: 'required', clientCaPem: pki.ca.certPem });
    try {
      const since = pair.timeline.now();
      const c = client();
      await c.ended;
      const hs = await handshakeOf(since);
      assert.deepEqual([hs.ok, hs.failedBy, hs.alert], [false, 'gate', 'handshake failure']);
      const close = await closeOf(hs.conn, since);
      assert.equal(close.by, 'gate');
      assert.match(close.reason ?? '', /TLS handshake failed/);

      const since2 = pair.timeline.now();
      const client1 = pki.client('b1');
      const ok = client({ cert: client1.certPem, key: client1.keyPem });
      await ok.secure;
      const hs2 = await handshakeOf(since2);
      assert.equal(hs2.ok, true);
      assert.match(hs2.clientSubject ?? '', /CN=b1/);
      ok.socket.destroy();

      const since3 = pair.timeline.now();
      const stranger = client({ cert: pki.otherCaClient.certPem, key: pki.otherCaClient.keyPem });
      await stranger.ended;
      const hs3 = await handshakeOf(since3);
      assert.deepEqual([hs3.ok, hs3.failedBy], [false, 'gate']);
      assert.match(hs3.reason ?? '', /not issued by the broker's client CA/);
    } finally {
      listener.setIdentity({ certPem: pki.server.certPem, keyPem: pki.server.keyPem, clientCert: 'none' });
    }
  });

  it('a PSK-only broker: the right key makes a session, an unknown identity is refused with its alert', async () => {
    const psk = pki.psk('b1');
    listener.setIdentity({ certPem: '', keyPem: '', clientCert: 'none', psk, pskOnly: true });
    try {
      const pskOptions = (identity: string) => ({
        ciphers: 'PSK-AES128-GCM-SHA256',
        checkServerIdentity: () => undefined,
        pskCallback: () => ({ identity, psk: Buffer.from(psk.keyHex, 'hex') }),
      });
      const since = pair.timeline.now();
      const ok = client(pskOptions(psk.identity));
      await ok.secure;
      const hs = await handshakeOf(since);
      assert.deepEqual([hs.ok, hs.pskIdentity, hs.cipher], [true, psk.identity, 'PSK-AES128-GCM-SHA256']);
      ok.socket.destroy();
      const since2 = pair.timeline.now();
      const bad = client(pskOptions('nobody'));
      await bad.ended;
      const hs2 = await handshakeOf(since2);
      assert.deepEqual([hs2.ok, hs2.failedBy, hs2.alert], [false, 'gate', 'unknown psk identity']);
    } finally {
      listener.setIdentity({ certPem: pki.server.certPem, keyPem: pki.server.keyPem, clientCert: 'none' });
    }
  });

  it('closed stops the TLS port too, and accept opens it again on the same port', async () => {
    const port = listener.port;
    await pair.primary.setFault({ fault: 'closed' });
    assert.equal(listener.listening, false);
    await pair.primary.setFault({ fault: 'accept' });
    assert.equal(listener.listening, true);
    assert.equal(listener.port, port);
  });
});
