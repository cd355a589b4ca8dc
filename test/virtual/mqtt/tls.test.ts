/**
 * The virtual board's MQTT client over real TLS (Node's tls), against the gate's TLS
 * listener and the per-run test PKI. Expectations come from the library's rules
 * (harness/model/sources.ts, impl.tls.*): mongoose-os-libs/mqtt mgos_mqtt_conn.c (the
 * ssl_* settings, the 8883 default), Mongoose 6.x mg_connect_opt (TLS when ssl_cert,
 * ssl_ca_cert or ssl_psk_identity is set; a server name only for DNS names) and
 * mongoose-os-libs/mbedtls mgos_ssl_if_mbedtls.c (verification only with a CA file, the
 * "mbedTLS error" line, PSK key format, the default cipher list without PSK).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BrokerPair } from '../../../harness/brokers/broker-pair.ts';
import type { TlsListener, TlsServerIdentity } from '../../../harness/brokers/tls-listener.ts';
import type { EventOf } from '../../../harness/timeline/events.ts';
import { createTestPki, type TestPki } from '../../../harness/tls/pki.ts';
import { defaultDeviceConfig, type DeviceConfig, type MqttSection } from '../../../harness/virtual/config/schema.ts';
import { ScaledClock } from '../../../harness/virtual/device-clock.ts';
import { FileStore } from '../../../harness/virtual/fs/file-store.ts';
import { MqttClient } from '../../../harness/virtual/mqtt/client.ts';
import { loopbackOnlyConnect, loopbackOnlyTls } from '../../../harness/virtual/net.ts';
import { faithful } from '../../../harness/virtual/personalities/faithful.ts';
import type { Personality } from '../../../harness/virtual/personalities/personality.ts';
import { tlsAcceptAnyCert } from '../../../harness/virtual/personalities/tls-accept-any-cert.ts';
import { tlsIgnoreName } from '../../../harness/virtual/personalities/tls-ignore-name.ts';
import { tlsNameForIp } from '../../../harness/virtual/personalities/tls-name-for-ip.ts';
import { tlsSkipsBadFile } from '../../../harness/virtual/personalities/tls-skips-bad-file.ts';
import { tlsSocketLeftOpen } from '../../../harness/virtual/personalities/tls-socket-left-open.ts';
import { tlsNoClientCert } from '../../../harness/virtual/personalities/tls-no-client-cert.ts';
import { tlsNoPsk } from '../../../harness/virtual/personalities/tls-no-psk.ts';
import { tlsWrongDefaultPort } from '../../../harness/virtual/personalities/tls-wrong-default-port.ts';
import { mulberry32 } from '../../../harness/virtual/random.ts';

const BOARD = 'vb';
let pki: TestPki;
let pair: BrokerPair;
let listener: TlsListener;
const clients = new Set<MqttClient>();

before(async () => {
  pki = await createTestPki({ serverNames: ['127.0.0.1', 'broker.localhost'], boards: [BOARD] });
  pair = await BrokerPair.start({ host: '127.0.0.1' });
  listener = await pair.primary.addTlsListener(identity('trusted'));
});
after(async () => {
  for (const c of clients) c.destroy();
  await pair.close();
});

function identity(kind: 'trusted' | 'unrelated' | 'expired' | 'wrong-name' | 'mutual' | 'psk-only'): TlsServerIdentity {
  const cred = { trusted: pki.server, unrelated: pki.otherCaServer, expired: pki.expiredServer, 'wrong-name': pki.wrongNameServer, mutual: pki.server, 'psk-only': pki.server }[kind];
  const base: TlsServerIdentity = { certPem: cred.certPem, keyPem: cred.keyPem, clientCert: 'none' };
  if (kind === 'mutual') return { ...base, clientCert: 'required', clientCaPem: pki.ca.certPem };
  if (kind === 'psk-only') return { ...base, psk: pki.psk(BOARD), pskOnly: true };
  return base;
}

function files(): FileStore {
  const store = new FileStore();
  store.put('ca.pem', Buffer.from(pki.ca.certPem));
  store.put('client.crt', Buffer.from(pki.client(BOARD).certPem));
  store.put('client.key', Buffer.from(pki.client(BOARD).keyPem));
  store.put('broken.pem', Buffer.from('not a PEM file\n'));
  return store;
}

interface Run {
  lines: string[];
  waitLine(re: RegExp, timeoutMs?: number): Promise<string>;
}

function start(mqtt: Partial<MqttSection>, personality: Personality = faithful): Run {
  const config: DeviceConfig = defaultDeviceConfig();
  config.mqtt = { ...config.mqtt, enable: true, reconnect_timeout_min: 2, ...mqtt };
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const client = new MqttClient({
    clock: new ScaledClock(20),
    random: mulberry32(1),
    config: () => config,
    deviceId: 'esp32_TLS001',
    connectTcp: loopbackOnlyConnect,
    connectTls: loopbackOnlyTls,
    files: files(),
    log: (file, line, message) => {
      lines.push(`${file}:${line} ${message}`);
      for (const w of [...waiters]) w();
    },
    event: () => {},
    logVariant: 'master',
    personality,
  });
  clients.add(client);
  client.boot();
  client.onIpAcquired();
  return {
    lines,
    waitLine(re, timeoutMs = 4000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find((l) => re.test(l));
          if (!hit) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no log line matching ${re} in ${timeoutMs} ms; lines: ${lines.join(' | ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

async function stopAll(): Promise<void> {
  for (const c of clients) c.destroy();
  clients.clear();
  pair.primary.dropAll('fin');
}

const server = (host = 'broker.localhost') => `${host}:${listener.port}`;
const ca = { ssl_ca_cert: 'ca.pem' };

function connectsSince(since: number): EventOf<'mqtt.packet'>[] {
  return pair.timeline.events({ kind: 'mqtt.packet', since }).filter((e) => e.type === 'connect' && e.broker === 'primary') as EventOf<'mqtt.packet'>[];
}

describe('the virtual board over TLS', { concurrency: false }, () => {
  it('with the right CA: TLS 1.2, "TCP connected ok (0)" only after the handshake, then CONNECT', async () => {
    listener.setIdentity(identity('trusted'));
    const since = pair.timeline.now();
    const run = start({ server: server(), ...ca });
    await run.waitLine(/MQTT0 CONNACK 0/);
    const hs = pair.timeline.events({ kind: 'tls.handshake', since }).at(-1)!;
    assert.deepEqual([hs.ok, hs.version], [true, 'TLSv1.2']);
    assert.ok(run.lines.some((l) => l.endsWith('MQTT0 TCP connected ok (0)')));
    await stopAll();
  });

  for (const [kind, why] of [['unrelated', 'an unrelated CA'], ['expired', 'an expired certificate'], ['wrong-name', 'a certificate for another name (DNS server name)']] as const) {
    it(`${why}: the library's mbedTLS error, "TCP connected error (-3)", no CONNECT, and the schedule goes on`, async () => {
      listener.setIdentity(identity(kind));
      const since = pair.timeline.now();
      const run = start({ server: server(), ...ca });
      await run.waitLine(/connecting after \d+ ms/);
      await run.waitLine(/MQTT0 connecting to .*/);
      const errorAt = run.lines.findIndex((l) => l.includes('mbedTLS error: -0x2700'));
      assert.ok(errorAt >= 0, run.lines.join(' | '));
      assert.match(run.lines[errorAt]!, /^mgos_ssl_if_mbedtls\.c:291 /);
      assert.match(run.lines[errorAt + 1]!, /MQTT0 TCP connected error \(-3\)$/);
      assert.match(run.lines[errorAt + 2]!, /MQTT0 disconnected$/);
      assert.equal(connectsSince(since).length, 0);
      await stopAll();
    });
  }

  it('a certificate for another name, reached by IP address: accepted (the library sets no server name for an IP)', async () => {
    listener.setIdentity(identity('wrong-name'));
    const run = start({ server: server('127.0.0.1'), ...ca });
    await run.waitLine(/MQTT0 CONNACK 0/);
    await stopAll();
  });

  it('without ssl_ca_cert (client certificate only) any server certificate is accepted: no verification', async () => {
    listener.setIdentity(identity('unrelated'));
    const run = start({ server: server(), ssl_cert: 'client.crt', ssl_key: 'client.key' });
    await run.waitLine(/MQTT0 CONNACK 0/);
    await stopAll();
  });

  it('mutual TLS: refused without a client certificate (the broker\'s alert), accepted with one', async () => {
    listener.setIdentity(identity('mutual'));
    const since = pair.timeline.now();
    const refused = start({ server: server(), ...ca });
    await refused.waitLine(/mbedTLS error: -0x7780/);
    const hs = pair.timeline.events({ kind: 'tls.handshake', since }).at(-1)!;
    assert.deepEqual([hs.ok, hs.failedBy], [false, 'gate']);
    await stopAll();
    const since2 = pair.timeline.now();
    const ok = start({ server: server(), ...ca, ssl_cert: 'client.crt', ssl_key: 'client.key' });
    await ok.waitLine(/MQTT0 CONNACK 0/);
    const hs2 = pair.timeline.events({ kind: 'tls.handshake', since: since2 }).find((e) => e.ok)!;
    assert.match(hs2.clientSubject ?? '', new RegExp(`CN=${BOARD}`));
    await stopAll();
  });

  it('PSK: needs a PSK suite in ssl_cipher_suites (the default list has none); a bad key is the library\'s "Invalid PSK settings"', async () => {
    listener.setIdentity(identity('psk-only'));
    const psk = pki.psk(BOARD);
    const noSuite = start({ server: server(), ssl_psk_identity: psk.identity, ssl_psk_key: psk.keyHex });
    await noSuite.waitLine(/mbedTLS error: -0x7780/);
    await stopAll();
    const ok = start({ server: server(), ssl_psk_identity: psk.identity, ssl_psk_key: psk.keyHex, ssl_cipher_suites: 'TLS-PSK-WITH-AES-128-GCM-SHA256' });
    await ok.waitLine(/MQTT0 CONNACK 0/);
    await stopAll();
    const bad = start({ server: server(), ssl_psk_identity: psk.identity, ssl_psk_key: 'abc', ssl_cipher_suites: 'TLS-PSK-WITH-AES-128-GCM-SHA256' });
    await bad.waitLine(/Error: Invalid PSK settings/);
    await stopAll();
  });

  it('the default port is 8883 with ssl_ca_cert, 1883 without', async () => {
    const tlsRun = start({ server: 'broker.localhost', ...ca });
    await tlsRun.waitLine(/MQTT0 connecting to broker\.localhost:8883$/);
    await stopAll();
    const plain = start({ server: 'broker.localhost' });
    await plain.waitLine(/MQTT0 connecting to broker\.localhost:1883$/);
    await stopAll();
  });

  it('a silent broker is given up at twice keep_alive and the TLS socket closed; tls-socket-left-open leaves it open', async () => {
    // Mongoose closes the connection at MG_EV_CLOSE whatever the transport (mg_close_conn); the gate then sees the device's close.
    listener.setIdentity(identity('trusted'));
    await pair.primary.setFault({ fault: 'blackhole' });
    try {
      const closedByDevice = async (personality: Personality) => {
        const since = pair.timeline.now();
        // keep_alive 2 device s at time scale 20: given up after 4 device s, 200 ms of wall.
        await start({ server: server(), ...ca, keep_alive: 2 }, personality).waitLine(/MQTT0 connecting after \d+ ms/, 4000);
        // The board has given up; its close reaches the gate within a few ms, or never.
        const close = await pair.timeline
          .waitFor((e) => e.kind === 'tcp.close' && e.broker === 'primary' && e.by === 'device', { since, timeoutMs: 1000 })
          .then(() => true, () => false);
        await stopAll();
        return close;
      };
      assert.equal(await closedByDevice(faithful), true);
      assert.equal(await closedByDevice(tlsSocketLeftOpen), false);
    } finally {
      await pair.primary.setFault({ fault: 'accept' });
    }
  });

  it('each TLS personality breaks its own rule', async () => {
    listener.setIdentity(identity('unrelated'));
    await start({ server: server(), ...ca }, tlsAcceptAnyCert).waitLine(/MQTT0 CONNACK 0/);
    await stopAll();
    listener.setIdentity(identity('wrong-name'));
    await start({ server: server(), ...ca }, tlsIgnoreName).waitLine(/MQTT0 CONNACK 0/);
    await stopAll();
    await start({ server: server('127.0.0.1'), ...ca }, tlsNameForIp).waitLine(/mbedTLS error: -0x2700/);
    await stopAll();
    // A broken CA file: the library's "Invalid SSL CA cert"; skipped, nothing is verified and the unrelated-CA server is taken.
    listener.setIdentity(identity('unrelated'));
    await start({ server: server(), ssl_ca_cert: 'broken.pem' }).waitLine(/mgos_mqtt_conn\.c:457 Error: Invalid SSL CA cert$/);
    await stopAll();
    await start({ server: server(), ssl_ca_cert: 'broken.pem' }, tlsSkipsBadFile).waitLine(/MQTT0 CONNACK 0/);
    await stopAll();
    listener.setIdentity(identity('mutual'));
    await start({ server: server(), ...ca, ssl_cert: 'client.crt', ssl_key: 'client.key' }, tlsNoClientCert).waitLine(/mbedTLS error: -0x7780/);
    await stopAll();
    listener.setIdentity(identity('psk-only'));
    const psk = pki.psk(BOARD);
    await start({ server: server(), ssl_psk_identity: psk.identity, ssl_psk_key: psk.keyHex, ssl_cipher_suites: 'TLS-PSK-WITH-AES-128-GCM-SHA256' }, tlsNoPsk).waitLine(/mbedTLS error|Invalid cipher/);
    await stopAll();
    await start({ server: 'broker.localhost', ...ca }, tlsWrongDefaultPort).waitLine(/MQTT0 connecting to broker\.localhost:1883$/);
    await stopAll();
  });
});
