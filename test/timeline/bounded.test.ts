/**
 * The timeline's memory is bounded: beyond `maxInMemory` the oldest events go to a spill
 * file and come back from it when a query reaches them, in order, with the same answer as
 * if everything had stayed in memory.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { TimelineEvent } from '../../harness/timeline/events.ts';
import { Timeline, TimelineTimeoutError } from '../../harness/timeline/timeline.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Event i: a note, a TCP accept or a serial line, stamped i (so since/until are indexes). */
function event(i: number): TimelineEvent {
  switch (i % 3) {
    case 0:
      return { kind: 'note', t: i, text: `n${i} ünïcödé` };
    case 1:
      return { kind: 'tcp.accept', t: i, broker: i % 2 ? 'primary' : 'backup', conn: i, remote: '127.0.0.1:1' };
    default:
      return { kind: 'serial', t: i, board: 'b', line: { type: 'log', text: `line ${i}` } };
  }
}

test('past the bound, older events are spilled and still answered, in order, by every query', async () => {
  const tl = new Timeline({ maxInMemory: 100 });
  const all: TimelineEvent[] = [];
  for (let i = 0; i < 1000; i++) all.push(tl.record(event(i)));
  assert.equal(tl.size, 1000);
  assert.ok(tl.inMemory <= 100, `${tl.inMemory} in memory`);
  assert.equal(tl.spilled + tl.inMemory, 1000);
  const spillPath = tl.spillPath!;
  assert.ok(fs.existsSync(spillPath));

  assert.deepEqual(tl.events(), all);
  assert.deepEqual(tl.events({ kind: 'tcp.accept', broker: 'primary' }), all.filter((e) => e.kind === 'tcp.accept' && e.broker === 'primary'));
  assert.deepEqual(tl.events({ kind: ['note', 'serial'], since: 10, until: 950 }), all.filter((e) => e.kind !== 'tcp.accept' && e.t >= 10 && e.t <= 950));
  assert.deepEqual(tl.events({ since: 990 }), all.slice(990), 'a range in memory');
  assert.deepEqual(tl.events({ kind: 'note', until: 3 }), [all[0], all[3]], 'a range wholly spilled');

  // A counting predicate sees each event once, spilled ones first: the 5th serial line (i ≡ 2 mod 3) is t = 14.
  let seen = 0;
  const hit = await tl.waitFor((e) => e.kind === 'serial' && ++seen >= 5, { timeoutMs: 100, since: 0 });
  assert.equal(hit.t, 14);
  const err = await tl.waitFor((e) => e.kind === 'listen', { timeoutMs: 10, since: 500, description: 'a listen' }).catch((e: unknown) => e);
  assert.ok(err instanceof TimelineTimeoutError);
  assert.equal(err.seenCount, 500);
  assert.deepEqual(err.seen.map((e) => e.t), all.slice(980).map((e) => e.t));

  tl.close();
  assert.equal(fs.existsSync(spillPath), false, 'our own spill file is removed on close');
});

test('a given spill path is written and kept; events recorded later still spill within the bound', () => {
  const dir = fs.mkdtempSync('/tmp/hil-spill-');
  const spillPath = `${dir}/older.jsonl`;
  const tl = new Timeline({ maxInMemory: 8, spillPath });
  for (let i = 0; i < 40; i++) tl.record(event(i));
  tl.close();
  const lines = fs.readFileSync(spillPath, 'utf8').trim().split('\n');
  assert.equal(lines.length, 40 - tl.inMemory);
  assert.deepEqual(JSON.parse(lines[0]!), event(0));
  fs.rmSync(dir, { recursive: true });
});

test('heap stays bounded over 150 000 events (held in memory they would take some 18 MiB)', () => {
  const tl = new Timeline({ maxInMemory: 5_000 });
  gc();
  const before = process.memoryUsage().heapUsed;
  const deadline = Date.now() + 4_000;
  let n = 0;
  for (; n < 150_000 && Date.now() < deadline; n++) tl.record(event(n));
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  tl.close();
  assert.ok(n >= 50_000, `only ${n} events in 4 s`);
  assert.ok(tl.inMemory <= 5_000);
  assert.ok(grown < 8 * 1024 * 1024, `heap grew by ${(grown / 2 ** 20).toFixed(1)} MiB over ${n} events`);
});
