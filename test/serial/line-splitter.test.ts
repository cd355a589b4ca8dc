import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineSplitter, XOFF, XON } from '../../harness/serial/line-splitter.ts';

const text = (b: Buffer) => b.toString('latin1');

test('splits on \\n across chunks, drops one trailing \\r, stamps with the completing chunk', () => {
  const s = new LineSplitter();
  const a = s.push(Buffer.from('mgos_mqtt_conn.c:442    MQTT0 conn'), 1);
  assert.deepEqual(a.lines, []);
  const b = s.push(Buffer.from('ecting\r\nsecond\n\nthi'), 2.5);
  assert.deepEqual(b.lines.map((l) => text(l.bytes)), ['mgos_mqtt_conn.c:442    MQTT0 connecting', 'second', '']);
  assert.deepEqual(b.lines.map((l) => l.t), [2.5, 2.5, 2.5]);
  const c = s.push(Buffer.from('rd\n'), 9);
  assert.equal(text(c.lines[0]!.bytes), 'third');
  assert.equal(c.lines[0]!.t, 9);
  assert.equal(s.bufferedBytes, 0);
});

test('on a UART each line of a chunk is stamped at its own end: the read less the wire time of the bytes after it', () => {
  const s = new LineSplitter();
  // 115200 baud 8N1: 10 bits a byte, 0.0868 ms. "ab\n" ends 7 bytes before the read's end, "cdef\n" 2.
  const perByte = 10_000 / 115_200;
  const r = s.push(Buffer.from('ab\ncdef\nxy'), 100, perByte);
  assert.deepEqual(r.lines.map((l) => text(l.bytes)), ['ab', 'cdef']);
  assert.ok(Math.abs(r.lines[0]!.t - (100 - 7 * perByte)) < 1e-9, String(r.lines[0]!.t));
  assert.ok(Math.abs(r.lines[1]!.t - (100 - 2 * perByte)) < 1e-9, String(r.lines[1]!.t));
  // A line completed by the last byte of its read is stamped at the read; no wire time (a pty): every line at the read.
  assert.equal(s.push(Buffer.from('z\n'), 200, perByte).lines[0]!.t, 200);
  assert.deepEqual(new LineSplitter().push(Buffer.from('a\nb\n'), 5).lines.map((l) => l.t), [5, 5]);
});

test('strips XON/XOFF wherever they occur and reports them in order', () => {
  const s = new LineSplitter();
  const r = s.push(Buffer.from([0x61, XOFF, 0x62, 0x0a, XON, 0x63, XOFF, 0x0a]), 1);
  assert.deepEqual(r.flow, ['xoff', 'xon', 'xoff']);
  assert.deepEqual(r.lines.map((l) => text(l.bytes)), ['ab', 'c']);
});

test('a line over the limit is cut once, flagged truncated, and the rest is dropped up to \\n', () => {
  const s = new LineSplitter({ maxLineBytes: 32 });
  const r1 = s.push(Buffer.from('x'.repeat(20)), 1);
  assert.equal(r1.lines.length, 0);
  const r2 = s.push(Buffer.from('y'.repeat(100)), 2);
  assert.equal(r2.lines.length, 1);
  assert.equal(r2.lines[0]!.truncated, true);
  assert.equal(text(r2.lines[0]!.bytes), 'x'.repeat(20) + 'y'.repeat(12));
  assert.equal(r2.lines[0]!.t, 2);
  assert.equal(s.bufferedBytes, 0, 'nothing is held while discarding');
  const r3 = s.push(Buffer.from('z'.repeat(1000) + '\nafter\n'), 3);
  assert.deepEqual(r3.lines.map((l) => [text(l.bytes), l.truncated]), [['after', false]]);
});

test('a line of exactly the limit is not truncated', () => {
  const s = new LineSplitter({ maxLineBytes: 16 });
  const r = s.push(Buffer.from('a'.repeat(16) + '\n'), 1);
  assert.deepEqual(r.lines.map((l) => [text(l.bytes), l.truncated]), [['a'.repeat(16), false]]);
});

test('flush returns an unterminated rest and nothing while discarding', () => {
  const s = new LineSplitter({ maxLineBytes: 16 });
  s.push(Buffer.from('partial'), 1);
  const rest = s.flush(5);
  assert.equal(text(rest!.bytes), 'partial');
  assert.equal(rest!.unterminated, true);
  assert.equal(s.flush(6), undefined);
  s.push(Buffer.from('q'.repeat(40)), 7);
  assert.equal(s.flush(8), undefined);
});

test('rejects a silly limit', () => {
  assert.throws(() => new LineSplitter({ maxLineBytes: 0 }), /maxLineBytes/);
});
