/**
 * The TLS checks on hand-built timelines. Expectations follow the library's rules as
 * harness/model/sources.ts states them (impl.tls.*): verification only with ssl_ca_cert,
 * a name check only for DNS names, a refused handshake is a failed attempt.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as badFilesCheck } from '../../harness/checks/tls/bad-files.ts';
import { run as defaultPortCheck } from '../../harness/checks/tls/default-port.ts';
import { run as mutualCheck } from '../../harness/checks/tls/mutual.ts';
import { run as pskCheck } from '../../harness/checks/tls/psk.ts';
import { run as serverAuthCheck } from '../../harness/checks/tls/server-auth.ts';
import type { MqttSection } from '../../harness/contract/mqtt-config.ts';
import { assertNothingToJudge } from './assert-verdict.ts';
import { type Conn, fuzz, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const serverAuth = onInput(serverAuthCheck);
const mutual = onInput(mutualCheck);
const psk = onInput(pskCheck);
const defaultPort = onInput(defaultPortCheck);

type Server = { certificate: string; clientCert: 'none' | 'required'; psk: 'none' | 'also' | 'only' };
const trusted: Server = { certificate: 'trusted', clientCert: 'none', psk: 'none' };

function builder(mqtt: Partial<MqttSection>): TimelineBuilder {
  return new TimelineBuilder({ mqtt: { server: 'broker.example.com:8883', ssl_ca_cert: 'ca.pem', ...mqtt }, epsilonMs: 150 });
}

function handshake(b: TimelineBuilder, c: Conn, server: Server, ok: boolean, extra: Record<string, unknown> = {}): void {
  b.tick().events.push({ kind: 'tls.handshake', t: b.t, ...c, ok, server, ...(ok ? { version: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' } : { failedBy: 'device', alert: 'unknown ca', reason: 'x' }), ...extra });
}

/** An attempt the board refuses in the handshake, then the next after the board's delay. */
function refusedAttempts(b: TimelineBuilder, server: Server, delaysMs: number[]): void {
  for (const [i, d] of [0, ...delaysMs].entries()) {
    if (i > 0) b.loggedDelay(d).wait(d);
    const c = b.accept('mqtt', false);
    b.log(`MQTT0 connecting to ${b.mqtt.server}`);
    handshake(b, c, server, false);
    b.tick().log('0x3ffc8d2c mbedTLS error: -0x2700', 'mgos_ssl_if_mbedtls.c', 291);
    b.tick().log('MQTT0 TCP connected error (-3)', 'mgos_mqtt_conn.c', 187);
    b.tick().close(c, 'device', 'fin');
  }
}

function acceptedSession(b: TimelineBuilder, server: Server, extra: Record<string, unknown> = {}): Conn {
  const c = b.accept('mqtt');
  handshake(b, c, server, true, extra);
  b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0 });
  b.tick().log('MQTT0 CONNACK 0', 'mgos_mqtt_conn.c', 241);
  return c;
}

describe('tls.server-auth', () => {
  it('passes a session with the trusted server', () => {
    const b = builder({});
    acceptedSession(b, trusted);
    assert.equal(serverAuth(b.build()).verdict, 'pass');
  });

  for (const certificate of ['unrelated-ca', 'expired', 'wrong-name']) {
    it(`passes refusals of a ${certificate} server with the schedule going on (2, 4 s)`, () => {
      const b = builder({});
      refusedAttempts(b, { ...trusted, certificate }, [fuzz(0) * 2000, fuzz(1) * 4000]);
      const v = serverAuth(b.build());
      assert.equal(v.verdict, 'pass', v.reason);
      assert.match(v.reason, /3 refused, 2 gap/);
    });

    it(`fails a board that sends CONNECT to a ${certificate} server`, () => {
      const b = builder({});
      acceptedSession(b, { ...trusted, certificate });
      const v = serverAuth(b.build());
      assert.equal(v.verdict, 'fail');
      assert.match(v.reason, /accepted the .* server and sent CONNECT/);
    });
  }

  it('a wrong name reached by IP address: the library checks no name, so a session passes', () => {
    const b = builder({ server: '10.0.0.1:8883' });
    acceptedSession(b, { ...trusted, certificate: 'wrong-name' });
    assert.equal(serverAuth(b.build()).verdict, 'pass');
  });

  it('without ssl_ca_cert nothing is verified: a session with an unrelated CA passes, a refusal fails', () => {
    const b = builder({ ssl_ca_cert: '', ssl_cert: 'c.pem' });
    acceptedSession(b, { ...trusted, certificate: 'unrelated-ca' });
    assert.equal(serverAuth(b.build()).verdict, 'pass');
    const b2 = builder({ ssl_ca_cert: '', ssl_cert: 'c.pem' });
    refusedAttempts(b2, { ...trusted, certificate: 'unrelated-ca' }, []);
    assert.equal(serverAuth(b2.build()).verdict, 'fail');
  });

  it('fails a refusal after which the schedule restarts too early', () => {
    const b = builder({});
    refusedAttempts(b, { ...trusted, certificate: 'expired' }, [2000, 300]);
    const v = serverAuth(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /after a failed TLS handshake/);
  });

  it('has nothing to judge without a TLS handshake', () => {
    const b = builder({});
    b.session('mqtt');
    assertNothingToJudge(serverAuth(b.build()), /no TLS handshake/);
  });
});

describe('tls.mutual', () => {
  const required: Server = { certificate: 'trusted', clientCert: 'required', psk: 'none' };
  it('passes a refusal of a board without ssl_cert and a session of one with it', () => {
    const b = builder({});
    refusedAttempts(b, required, [fuzz(0) * 2000]);
    assert.equal(mutual(b.build()).verdict, 'pass');
    const b2 = builder({ ssl_cert: 'client.crt', ssl_key: 'client.key' });
    acceptedSession(b2, required, { clientSubject: 'CN=dut' });
    assert.equal(mutual(b2.build()).verdict, 'pass');
  });

  it('fails a board with ssl_cert that the broker refused (it sent no certificate)', () => {
    const b = builder({ ssl_cert: 'client.crt', ssl_key: 'client.key' });
    refusedAttempts(b, required, [fuzz(0) * 2000]);
    const v = mutual(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /did not get through/);
  });
});

describe('tls.psk', () => {
  const pskOnly: Server = { certificate: 'none', clientCert: 'none', psk: 'only' };
  const key = '00112233445566778899aabbccddeeff';
  it('passes a session with a usable PSK and fails a board that does not get through with one', () => {
    const cfg = { ssl_ca_cert: '', ssl_psk_identity: 'dev', ssl_psk_key: key, ssl_cipher_suites: 'TLS-PSK-WITH-AES-128-GCM-SHA256' };
    const b = builder(cfg);
    acceptedSession(b, pskOnly, { pskIdentity: 'dev' });
    assert.equal(psk(b.build()).verdict, 'pass');
    const b2 = builder(cfg);
    refusedAttempts(b2, pskOnly, [fuzz(0) * 2000]);
    assert.equal(psk(b2.build()).verdict, 'fail');
  });

  it('without a PSK suite in ssl_cipher_suites the library cannot use its PSK: a refusal passes', () => {
    const b = builder({ ssl_ca_cert: '', ssl_psk_identity: 'dev', ssl_psk_key: key });
    refusedAttempts(b, pskOnly, [fuzz(0) * 2000]);
    assert.equal(psk(b.build()).verdict, 'pass');
  });
});

describe('tls.default-port', () => {
  it('passes 8883 with ssl_ca_cert and fails 1883', () => {
    const b = builder({ server: 'broker.example.com' });
    b.log('MQTT0 connecting to broker.example.com:8883');
    assert.equal(defaultPort(b.build()).verdict, 'pass');
    const b2 = builder({ server: 'broker.example.com' });
    b2.log('MQTT0 connecting to broker.example.com:1883');
    const v = defaultPort(b2.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /the library adds 8883/);
  });

  it('has nothing to judge when the server has a port', () => {
    const b = builder({});
    b.log('MQTT0 connecting to broker.example.com:8883');
    assertNothingToJudge(defaultPort(b.build()), /without a port/);
  });
});

// mongoose 6.18 mg_use_cert / mg_use_ca_cert (mbedTLS): "Invalid SSL cert", "Invalid SSL key",
// "Invalid SSL CA cert"; mgos_mqtt_conn.c:457 logs `Error: %s` and opens no socket.
describe('tls.bad-files', () => {
  const badFiles = onInput(badFilesCheck);
  /** The harness put client.crt, ca.pem, and `broken.pem` (garbage); attempts under `mqtt`, each as `attempt` plays it. */
  function withFiles(mqtt: Partial<MqttSection>, attempt: (b: TimelineBuilder) => void, count = 2) {
    const b = builder({ ssl_cert: 'client.crt', ...mqtt });
    b.act({ kind: 'board-file', name: 'client.crt', content: 'certificate' }).act({ kind: 'board-file', name: 'client.key', content: 'key' });
    b.act({ kind: 'board-file', name: 'ca.pem', content: 'certificate' }).act({ kind: 'board-file', name: 'broken.pem', content: 'garbage' });
    for (let i = 0; i < count; i++) {
      if (i > 0) b.loggedDelay(2000).wait(2000);
      b.tick().log(`MQTT0 connecting to ${b.mqtt.server}`);
      attempt(b);
    }
    b.wait(500);
    return b.build();
  }
  const refused = (error: string) => (b: TimelineBuilder) => b.tick().log(`Error: ${error}`, 'mgos_mqtt_conn.c', 457);

  it('passes attempts that stop with the library\'s error for a broken key, and for a broken CA file', () => {
    assert.equal(badFiles(withFiles({ ssl_key: 'broken.pem' }, refused('Invalid SSL key'))).verdict, 'pass');
    assert.equal(badFiles(withFiles({ ssl_key: 'client.key', ssl_ca_cert: 'broken.pem' }, refused('Invalid SSL CA cert'))).verdict, 'pass');
  });

  it('takes the key from the certificate\'s file when ssl_key is empty, as mg_use_cert does', () => {
    const v = badFiles(withFiles({ ssl_cert: 'broken.pem', ssl_key: '' }, refused('Invalid SSL cert')));
    assert.equal(v.verdict, 'pass');
    assert.match(badFiles(withFiles({ ssl_cert: 'client.crt', ssl_key: '' }, refused('Invalid SSL cert'))).reason, /logged `[^`]*Error: Invalid SSL cert`, where the library says `Error: Invalid SSL key`/);
  });

  it('fails a board that gets through to a gate with the broken file, and one that logs nothing', () => {
    const through = badFiles(withFiles({ ssl_key: 'broken.pem' }, (b) => {
      const c = b.accept('mqtt');
      b.tick().close(c, 'gate', 'fin');
    }));
    assert.equal(through.verdict, 'fail');
    assert.match(through.reason, /a TCP connection reached the primary gate.*the library opens no socket/);
    assert.match(through.reason, /no `Error: Invalid SSL key` line/);
  });

  it('has nothing to judge with whole files, or a file the harness did not put', () => {
    assertNothingToJudge(badFiles(withFiles({ ssl_key: 'client.key' }, () => {})));
    assertNothingToJudge(badFiles(withFiles({ ssl_key: 'elsewhere.key' }, refused('Invalid SSL key'))));
  });
});
