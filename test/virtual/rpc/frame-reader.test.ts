import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameReader, type RawFrame } from '../../../harness/virtual/rpc/frame-reader.ts';

// CRC-32/IEEE computed bit by bit, independently of the code under test.
function crcBitwise(text: string): string {
  let c = 0xffffffff;
  for (const b of Buffer.from(text, 'latin1')) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

function reader(max = 4096) {
  const frames: RawFrame[] = [];
  const r = new FrameReader(() => max, (f) => frames.push(f));
  return { r, frames };
}

const REQ = '{"id":1,"method":"Sys.GetInfo"}';

test('the bitwise reference CRC agrees with the standard check value', () => {
  assert.equal(crcBitwise('123456789'), 'cbf43926');
});

test('a plain JSON line is one frame; replies stay plain', () => {
  const { r, frames } = reader();
  r.push(Buffer.from(`${REQ}\n`));
  assert.deepEqual(frames, [{ kind: 'json', text: REQ, withCrc: false, withDelimiters: false }]);
  assert.equal(r.encodeReply('{"id":1}').toString('latin1'), '\n{"id":1}\n');
});

test('a frame with a good CRC is accepted, and replies then carry a CRC', () => {
  const { r, frames } = reader();
  r.push(Buffer.from(`${REQ}${crcBitwise(REQ)}\n`));
  assert.equal(frames[0]?.kind, 'json');
  const reply = '{"id":1,"src":"esp32_1CA848","result":null}';
  assert.equal(r.encodeReply(reply).toString('latin1'), `\n${reply}${crcBitwise(reply)}\n`);
});

test('a frame with a bad CRC is dropped silently', () => {
  const { r, frames } = reader();
  r.push(Buffer.from(`${REQ}00000000\n`));
  assert.deepEqual(frames, [{ kind: 'dropped', reason: 'CRC mismatch' }]);
});

test('legacy """ delimiters are accepted and used in replies from then on', () => {
  const { r, frames } = reader();
  r.push(Buffer.from(`"""${REQ}${crcBitwise(REQ)}"""\n`));
  assert.deepEqual(frames[0], { kind: 'json', text: REQ, withCrc: true, withDelimiters: true });
  const reply = '{"id":1,"result":1}';
  assert.equal(r.encodeReply(reply).toString('latin1'), `\n"""${reply}${crcBitwise(reply)}"""\n`);
});

test('the mos handshake: a \\x04 frame and an empty frame', () => {
  const { r, frames } = reader();
  r.push(Buffer.from('"""\x04"""\n\n', 'latin1'));
  assert.deepEqual(frames, [{ kind: 'handshake' }, { kind: 'empty' }]);
});

test('a byte >= 0x80 throws away everything received so far', () => {
  const { r, frames } = reader();
  r.push(Buffer.from('{"id":1,"meth'));
  r.push(Buffer.from([0xc3, 0xa9]));
  r.push(Buffer.from(`${REQ}\n`));
  assert.deepEqual(frames, [{ kind: 'json', text: REQ, withCrc: false, withDelimiters: false }]);
});

test('unterminated data beyond the limit + 6 is discarded and the rest parsed as a new frame', () => {
  const { r, frames } = reader(16);
  r.push(Buffer.from('x'.repeat(25)));
  assert.deepEqual(frames, [{ kind: 'dropped', reason: 'frame larger than 22 bytes' }]);
  // The tail of the oversized frame is taken as the start of a new one.
  r.push(Buffer.from(`${REQ}\n`));
  assert.equal(frames.length, 2);
  assert.deepEqual(frames[1], { kind: 'json', text: `xxx${REQ}`, withCrc: false, withDelimiters: false });
});

test('frames split across many chunks are reassembled', () => {
  const { r, frames } = reader();
  for (const ch of `${REQ}\n`) r.push(Buffer.from(ch));
  assert.equal(frames.length, 1);
  assert.equal(frames[0]?.kind, 'json');
});
