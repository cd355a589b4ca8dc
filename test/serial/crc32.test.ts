import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, crc32Hex, formatCrc32 } from '../../harness/serial/crc32.ts';

/** An independent bit-at-a-time CRC-32/IEEE, to check the table-driven one against. */
function bitwiseCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

test('crc32 check value: "123456789" gives cbf43926 (CRC-32/IEEE catalogue)', () => {
  assert.equal(crc32Hex('123456789'), 'cbf43926');
  assert.equal(crc32('123456789'), 0xcbf43926);
});

test('crc32 of nothing is 00000000 and of "a" is e8b7be43', () => {
  assert.equal(crc32Hex(''), '00000000');
  assert.equal(crc32Hex('a'), 'e8b7be43');
});

test('crc32 agrees with a bitwise implementation on every byte value and on random buffers', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(crc32(all), bitwiseCrc32(all));
  let seed = 7;
  for (let n = 0; n < 50; n++) {
    const buf = new Uint8Array(n * 7);
    for (let i = 0; i < buf.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      buf[i] = seed >>> 24;
    }
    assert.equal(crc32(buf), bitwiseCrc32(buf), `length ${buf.length}`);
  }
});

test('formatCrc32 pads to 8 lowercase hex digits', () => {
  assert.equal(formatCrc32(0x1a), '0000001a');
  assert.equal(formatCrc32(0xdeadbeef), 'deadbeef');
});
