/**
 * Bounded, seeded fuzzing of the RPC frame codec and the classifier it feeds: random
 * requests round-trip; a frame cut short or with one byte changed is never taken for a
 * different message (the CRC or the framing rejects it); random bytes, oversized lines
 * and lines of only control bytes never throw. Each loop stops at its count or its time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyLine } from '../../harness/serial/classify.ts';
import { LineSplitter } from '../../harness/serial/line-splitter.ts';
import { decodeFrameLine, encodeRequest } from '../../harness/serial/rpc-frame.ts';
import { mulberry32 } from '../../harness/virtual/random.ts';

const SEED = 0xf7a3e;
const BUDGET_MS = 1_500;

function fuzzer(seed: number) {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const text = (n: number) => Array.from({ length: int(n) }, () => String.fromCharCode(random() < 0.9 ? 32 + int(95) : int(0x3000))).join('');
  const value = (depth: number): unknown => {
    const r = int(depth > 2 ? 4 : 6);
    if (r === 0) return int(1e6) - 5e5;
    if (r === 1) return text(20);
    if (r === 2) return random() < 0.5;
    if (r === 3) return null;
    if (r === 4) return Array.from({ length: int(4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: int(4) }, () => [text(8), value(depth + 1)]));
  };
  return { random, int, text, value };
}

/** The line a frame is, as the splitter hands it over: without its `\n`. */
const lineOf = (frame: Buffer) => frame.subarray(0, frame.length - 1);

function bounded(count: number, body: (i: number) => void): number {
  const started = performance.now();
  let i = 0;
  for (; i < count && performance.now() - started < BUDGET_MS; i++) body(i);
  return i;
}

test('random requests round-trip through encode and decode, with and without CRC and delimiters', () => {
  const f = fuzzer(SEED);
  const done = bounded(3_000, (i) => {
    const request = { id: 1 + f.int(1e9), src: 'hil', method: `M.${f.text(10)}`, params: f.value(0) };
    const options = { crc: i % 2 === 0, delimiters: i % 3 === 0 };
    const decoded = decodeFrameLine(lineOf(encodeRequest(request, options)));
    assert.equal(decoded.status, 'frame', `case ${i}: ${JSON.stringify(decoded)}`);
    if (decoded.status === 'frame' && decoded.frame.kind === 'message') {
      assert.deepEqual(decoded.frame.message, JSON.parse(JSON.stringify({ id: request.id, src: 'hil', method: request.method, params: request.params })));
    }
  });
  assert.ok(done >= 500, `only ${done} cases in ${BUDGET_MS} ms`);
});

test('a CRC frame cut short or with one byte changed is never read as another message', () => {
  const f = fuzzer(SEED + 1);
  let rejected = 0;
  const done = bounded(5_000, (i) => {
    const request = { id: 1 + f.int(1e6), src: 'hil', method: 'Config.Set', params: f.value(0) };
    const line = lineOf(encodeRequest(request, { crc: true, delimiters: i % 2 === 0 }));
    const original = JSON.parse(JSON.stringify(request));
    const damaged = Buffer.from(i % 2 === 0 ? line.subarray(0, f.int(line.length)) : line);
    if (i % 2 === 1) {
      const at = f.int(damaged.length);
      damaged[at] = (damaged[at]! + 1 + f.int(255)) % 256;
    }
    const decoded = decodeFrameLine(damaged);
    if (decoded.status === 'frame' && decoded.frame.kind === 'message') {
      // Only a cut that removed exactly the CRC (an undelimited frame) leaves a valid message: the same one.
      assert.deepEqual(decoded.frame.message, original, `case ${i}: ${damaged.toString('latin1')}`);
      assert.equal(decoded.frame.crc, null);
    } else rejected++;
    const line2 = classifyLine({ t: i, bytes: damaged, truncated: false, unterminated: false });
    assert.equal(typeof line2.text, 'string');
  });
  assert.ok(rejected > done * 0.9, `${rejected} of ${done} damaged frames rejected`);
});

test('random bytes, oversized lines and control-byte floods: no throw, the splitter holds at most its limit', () => {
  const f = fuzzer(SEED + 2);
  const MAX = 512;
  const splitter = new LineSplitter({ maxLineBytes: MAX });
  let lines = 0;
  const done = bounded(20_000, (i) => {
    const size = i % 50 === 0 ? 4 * MAX + f.int(4 * MAX) : f.int(200);
    const chunk = Buffer.alloc(size);
    const kind = i % 3;
    for (let b = 0; b < size; b++) chunk[b] = kind === 0 ? f.int(256) : kind === 1 ? f.int(32) : 0x20 + f.int(95);
    if (kind === 2 && f.random() < 0.5) chunk[f.int(size || 1)] = 0x0a;
    const { lines: raws } = splitter.push(chunk, i);
    assert.ok(splitter.bufferedBytes <= MAX, `${splitter.bufferedBytes} bytes held`);
    for (const raw of raws) {
      assert.ok(raw.bytes.length <= MAX);
      decodeFrameLine(raw.bytes);
      const line = classifyLine(raw);
      assert.equal(typeof line.type, 'string');
      lines++;
    }
  });
  assert.ok(done >= 1_000 && lines > 0, `${done} chunks, ${lines} lines`);
});
