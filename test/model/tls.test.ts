/**
 * The TLS model, rule by rule, each as harness/model/sources.ts states it (impl.tls.*):
 * mg_connect_opt (TLS on, server name only for DNS names), mgos_ssl_if_mbedtls.c
 * (verification only with a CA file, "*" = none, PSK key format, no PSK suite by default),
 * mgos_mqtt_conn.c (8883).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mqttSection } from '../../harness/contract/mqtt-config.ts';
import { expectedDial, expectHandshake, tlsSettings } from '../../harness/model/tls.ts';

const section = (patch: Record<string, unknown>) => mqttSection.parse({ enable: true, server: 'broker.example.com:8883', ...patch });
const server = (certificate: 'trusted' | 'unrelated-ca' | 'expired' | 'wrong-name', more: Record<string, unknown> = {}) => ({ certificate, clientCert: 'none' as const, psk: 'none' as const, ...more });

describe('TLS model', () => {
  it('TLS only with ssl_cert, ssl_ca_cert or ssl_psk_identity; cipher suites alone do not', () => {
    assert.equal(tlsSettings(section({})).tls, false);
    assert.equal(tlsSettings(section({ ssl_cipher_suites: 'TLS-PSK-WITH-AES-128-GCM-SHA256' })).tls, false);
    for (const k of ['ssl_cert', 'ssl_ca_cert', 'ssl_psk_identity']) assert.equal(tlsSettings(section({ [k]: 'x' })).tls, true, k);
  });

  it('verifies only with a CA file ("*" verifies nothing), and the name only for a DNS name', () => {
    assert.deepEqual(tlsSettings(section({ ssl_ca_cert: 'ca.pem' })), { tls: true, verifiesServer: true, checksName: true, sendsClientCert: false, offersPsk: false });
    assert.equal(tlsSettings(section({ ssl_ca_cert: '*' })).verifiesServer, false);
    assert.equal(tlsSettings(section({ ssl_ca_cert: 'ca.pem', server: '192.168.1.10:8883' })).checksName, false);
    assert.equal(tlsSettings(section({ ssl_ca_cert: 'ca.pem', server: 'localhost:8883' })).checksName, false);
    assert.equal(expectHandshake(section({ ssl_ca_cert: 'ca.pem' }), server('wrong-name')).accept, false);
    assert.equal(expectHandshake(section({ ssl_ca_cert: 'ca.pem', server: '10.0.0.1:8883' }), server('wrong-name')).accept, true);
    assert.equal(expectHandshake(section({ ssl_cert: 'c.pem' }), server('expired')).accept, true);
    assert.equal(expectHandshake(section({ ssl_ca_cert: 'ca.pem' }), server('expired')).accept, false);
  });

  it('mutual: a required client certificate needs ssl_cert', () => {
    const required = server('trusted', { clientCert: 'required' });
    assert.equal(expectHandshake(section({ ssl_ca_cert: 'ca.pem' }), required).accept, false);
    assert.equal(expectHandshake(section({ ssl_ca_cert: 'ca.pem', ssl_cert: 'c.pem', ssl_key: 'k.pem' }), required).accept, true);
  });

  it('PSK: identity, a 32/64-hex key and a PSK suite; a masked key (a re-judged report) counts as set', () => {
    const pskOnly = { certificate: 'none' as const, clientCert: 'none' as const, psk: 'only' as const };
    const key = '00112233445566778899aabbccddeeff';
    const suite = 'TLS-PSK-WITH-AES-128-GCM-SHA256';
    assert.equal(expectHandshake(section({ ssl_psk_identity: 'd', ssl_psk_key: key, ssl_cipher_suites: suite }), pskOnly).accept, true);
    assert.equal(expectHandshake(section({ ssl_psk_identity: 'd', ssl_psk_key: key }), pskOnly).accept, false);
    assert.equal(expectHandshake(section({ ssl_psk_identity: 'd', ssl_psk_key: 'abc', ssl_cipher_suites: suite }), pskOnly).accept, false);
    assert.equal(expectHandshake(section({ ssl_psk_identity: 'd', ssl_psk_key: '***', ssl_cipher_suites: suite }), pskOnly).accept, true);
  });

  it('default port: 8883 with ssl_ca_cert, 1883 without, none added to a server with a port', () => {
    assert.equal(expectedDial(section({ server: 'b', ssl_ca_cert: 'ca.pem' })), 'b:8883');
    assert.equal(expectedDial(section({ server: 'b' })), 'b:1883');
    assert.equal(expectedDial(section({})), null);
  });
});
