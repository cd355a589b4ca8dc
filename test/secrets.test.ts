import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redact, redactText } from '../harness/secrets.ts';

test('config trees: passwords, keys and PSKs are masked, empty ones left as they are', () => {
  assert.deepEqual(redact({ wifi: { sta: { ssid: 'lab', pass: 'w' } }, mqtt: { user: 'u', pass: 'p', ssl_key: 'k', ssl_psk_key: 'x', pass_x: 'kept', server: 's' }, boards: [{ wifi: { pass: '' } }] }), {
    wifi: { sta: { ssid: 'lab', pass: '***' } },
    mqtt: { user: 'u', pass: '***', ssl_key: '***', ssl_psk_key: '***', pass_x: 'kept', server: 's' },
    boards: [{ wifi: { pass: '' } }],
  });
});

test('serial text: a Config.Get reply keeps its shape with the secrets masked', () => {
  const reply = '"""{"id":7,"result":{"server":"10.0.0.1:1883","user":"u","pass":"hunter2","ssl_key":"PEM \\"x\\"","ssl_psk_key":"ab"}}0f1e2d3c"""';
  const out = redactText(reply);
  assert.doesNotMatch(out, /hunter2|PEM|"ab"/);
  assert.match(out, /"pass":"\*\*\*"/);
  assert.match(out, /"ssl_key":"\*\*\*"/);
  assert.match(out, /"server":"10\.0\.0\.1:1883"/);
  assert.equal(redactText('mgos_mqtt_conn.c:442    MQTT0 connecting to 10.0.0.1:1883'), 'mgos_mqtt_conn.c:442    MQTT0 connecting to 10.0.0.1:1883');
});

test('camelCase and TLS names: a lab\'s serverKey, a keyPem, an ssl_psk_key are masked; an identity or a public key flag is not', () => {
  assert.deepEqual(redact({ serverKey: 'k.pem', keyPem: '-----BEGIN', wifiPass: 'w', ssl_psk_identity: 'id', ssl_psk_key: 'ab', publicKeys: 'x', key_id: 'k1' }), {
    serverKey: '***', keyPem: '***', wifiPass: '***', ssl_psk_identity: 'id', ssl_psk_key: '***', publicKeys: 'x', key_id: 'k1',
  });
  assert.equal(redactText('{"keyPem": "-----BEGIN PRIVATE", "ssl_psk_identity":"me"}'), '{"keyPem": "***", "ssl_psk_identity":"me"}');
});
