/**
 * Golden bytes for the RPC frame codec, written from the spec (serial-and-rpc.md, "RPC
 * frames over the UART"), not from the codec: the virtual board may share this code, so a
 * round trip alone would let a shared mistake agree with itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrameLine, encodeHandshake, encodeRequest, replyIdOf, sameRpcId, toAsciiJson } from '../../harness/serial/rpc-frame.ts';

/** Independent CRC-32/IEEE, bit by bit, as 8 lowercase hex digits. */
function crcHex(text: string): string {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

const ascii = (s: string) => Buffer.from(s, 'latin1');

test('request without CRC or delimiters: the JSON and \\n, keys in order id, src, method', () => {
  const got = encodeRequest({ id: 1, src: 'mgos-hil', method: 'Sys.GetInfo' });
  assert.deepEqual(got, ascii('{"id":1,"src":"mgos-hil","method":"Sys.GetInfo"}\n'));
});

test('request with params and CRC: JSON, 8 lowercase hex of its CRC-32, \\n', () => {
  const json = '{"id":42,"src":"mgos-hil","method":"Config.Set","params":{"config":{"mqtt":{"server":"10.0.0.2:1883"}},"save":true,"reboot":false}}';
  const got = encodeRequest(
    { id: 42, src: 'mgos-hil', method: 'Config.Set', params: { config: { mqtt: { server: '10.0.0.2:1883' } }, save: true, reboot: false } },
    { crc: true },
  );
  assert.deepEqual(got, ascii(json + crcHex(json) + '\n'));
});

test('request with legacy delimiters, with and without CRC', () => {
  const json = '{"id":3,"src":"mgos-hil","method":"RPC.Ping"}';
  assert.deepEqual(encodeRequest({ id: 3, src: 'mgos-hil', method: 'RPC.Ping' }, { delimiters: true }), ascii(`"""${json}"""\n`));
  assert.deepEqual(
    encodeRequest({ id: 3, src: 'mgos-hil', method: 'RPC.Ping' }, { delimiters: true, crc: true }),
    ascii(`"""${json}${crcHex(json)}"""\n`),
  );
});

test('dst goes between src and method', () => {
  assert.deepEqual(
    encodeRequest({ id: 5, src: 'h', dst: 'esp32_1CA848', method: 'Sys.Reboot', params: { delay_ms: 100 } }),
    ascii('{"id":5,"src":"h","dst":"esp32_1CA848","method":"Sys.Reboot","params":{"delay_ms":100}}\n'),
  );
});

test('non-ASCII is escaped as \\uXXXX (surrogate pairs too): every byte sent is below 0x80', () => {
  const got = encodeRequest({ id: 9, src: 'mgos-hil', method: 'HIL.Pub', params: { topic: 't', message: 'café ☃ 😀\u007f' } }, { crc: true });
  const json = '{"id":9,"src":"mgos-hil","method":"HIL.Pub","params":{"topic":"t","message":"caf\\u00e9 \\u2603 \\ud83d\\ude00\\u007f"}}';
  assert.deepEqual(got, ascii(json + crcHex(json) + '\n'));
  assert.ok(got.every((b) => b < 0x80));
  assert.deepEqual(JSON.parse(json).params.message, 'café ☃ 😀\u007f');
  assert.throws(() => toAsciiJson(undefined), /no JSON form/);
});

test('handshake bytes: """ EOT """ then two newlines', () => {
  assert.deepEqual(encodeHandshake(), Buffer.from([0x22, 0x22, 0x22, 0x04, 0x22, 0x22, 0x22, 0x0a, 0x0a]));
});

test('a reply with a CRC decodes; the CRC is verified over the JSON bytes', () => {
  const json = '{"id":1,"src":"esp32_1CA848","dst":"mgos-hil","result":{"app":"hil-fw","arch":"esp32"}}';
  const crc = crcHex(json);
  assert.deepEqual(decodeFrameLine(ascii(json + crc)), {
    status: 'frame',
    frame: { kind: 'message', message: JSON.parse(json), crc, delimited: false },
  });
  assert.deepEqual(decodeFrameLine(ascii(`"""${json}${crc}"""`)), {
    status: 'frame',
    frame: { kind: 'message', message: JSON.parse(json), crc, delimited: true },
  });
});

test('the CRC covers UTF-8 bytes of a reply as sent', () => {
  const json = '{"id":2,"src":"esp32_1CA848","result":"grüße"}';
  const got = decodeFrameLine(Buffer.from(json + crcHex(json), 'utf8'));
  assert.equal(got.status, 'frame');
});

test('a CRC mismatch is rejected with both values, never delivered', () => {
  const json = '{"id":1,"src":"esp32_1CA848","result":null}';
  const good = crcHex(json);
  const wrong = good === 'deadbeef' ? 'cafebabe' : 'deadbeef';
  const got = decodeFrameLine(ascii(json + wrong));
  assert.equal(got.status, 'rejected');
  assert.match(got.status === 'rejected' ? got.reason : '', new RegExp(`CRC mismatch: frame carries ${wrong}, its JSON bytes give ${good}`));
  // One flipped bit in the JSON with the original CRC is caught too.
  assert.equal(decodeFrameLine(ascii(json.replace('null', 'nulL') + good)).status, 'rejected');
});

test('the handshake answer and other delimited shapes', () => {
  assert.deepEqual(decodeFrameLine(Buffer.from('"""\x04"""', 'latin1')), { status: 'frame', frame: { kind: 'eot', delimited: true } });
  assert.equal(decodeFrameLine(ascii('"""{"id":1}')).status, 'rejected');
  assert.equal(decodeFrameLine(ascii('"""hello"""')).status, 'rejected');
  assert.equal(decodeFrameLine(ascii('"""{"id":1,"result":"""')).status, 'rejected');
});

test('unframed JSON counts only with an id or a method', () => {
  assert.equal(decodeFrameLine(ascii('{"id":4,"src":"d","error":{"code":404,"message":"No handler for X"}}')).status, 'frame');
  assert.equal(decodeFrameLine(ascii('{"method":"Dev.Event","params":{}}')).status, 'frame');
  assert.equal(decodeFrameLine(ascii('{"temp":21}')).status, 'not-a-frame');
  assert.equal(decodeFrameLine(ascii('{not json')).status, 'not-a-frame');
  assert.equal(decodeFrameLine(ascii('[1,2]')).status, 'not-a-frame');
  assert.equal(decodeFrameLine(ascii('')).status, 'not-a-frame');
});

test('id rewriting: digits-only ids come back as numbers, others as strings', () => {
  assert.equal(replyIdOf(7), 7);
  assert.equal(replyIdOf('7'), 7);
  assert.equal(replyIdOf(-1), '-1');
  assert.equal(replyIdOf('abc'), 'abc');
  assert.equal(sameRpcId(7, 7), true);
  assert.equal(sameRpcId('7', 7), true);
  assert.equal(sameRpcId(-1, '-1'), true);
  assert.equal(sameRpcId(7, 8), false);
  assert.equal(sameRpcId(7, null), false);
});
