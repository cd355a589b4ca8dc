/**
 * `since` is found by bisection while the window is in stamp order; a timeline fed stamps
 * out of order (record with an earlier t) still answers every query in full.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Timeline } from '../../harness/timeline/timeline.ts';

const note = (t: number, text = `n${t}`) => ({ kind: 'note' as const, t, text });

test('in order: since picks the first event at or after it, equal stamps included', async () => {
  const tl = new Timeline();
  for (const t of [1, 2, 2, 2, 3, 5, 8]) tl.record(note(t));
  assert.deepEqual(tl.events({ since: 2 }).map((e) => e.t), [2, 2, 2, 3, 5, 8]);
  assert.deepEqual(tl.events({ since: 4 }).map((e) => e.t), [5, 8]);
  assert.deepEqual(tl.events({ since: 9 }), []);
  assert.deepEqual(tl.events({ since: 0, until: 2 }).map((e) => e.t), [1, 2, 2, 2]);
  assert.equal((await tl.waitFor((e) => e.kind === 'note', { since: 3, timeoutMs: 10 })).t, 3);
  tl.close();
});

test('out of order: an earlier-recorded event with a later stamp is still found', async () => {
  const tl = new Timeline();
  tl.record(note(1));
  tl.record(note(10, 'late stamp'));
  tl.record(note(2));
  tl.record(note(3));
  assert.deepEqual(tl.events({ since: 3 }).map((e) => e.t), [10, 3]);
  assert.equal((await tl.waitFor((e) => e.kind === 'note' && e.text === 'late stamp', { since: 5, timeoutMs: 10 })).t, 10);
  tl.close();
});

test('order is judged again once the out-of-order events are spilled', () => {
  const tl = new Timeline({ maxInMemory: 4 });
  tl.record(note(5));
  tl.record(note(1));
  for (let t = 6; t < 20; t++) tl.record(note(t));
  assert.deepEqual(tl.events({ since: 17 }).map((e) => e.t), [17, 18, 19]);
  assert.equal(tl.events({ since: 0 }).length, 16, 'spilled and held, all of them');
  tl.close();
});
