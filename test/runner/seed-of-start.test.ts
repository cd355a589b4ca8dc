/** Each start of a virtual board process draws a fresh fuzz sequence, and a lab's seed still reproduces the run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedOfStart } from '../../harness/runner/board-target.ts';

test('a lab seed gives each worker start its own seed, the same in every run; no seed stays the board\'s own choice', () => {
  const seeds = [0, 1, 2, 3, 4].map((w) => seedOfStart(42, w));
  assert.equal(new Set(seeds).size, 5, `seeds ${seeds.join(', ')}`);
  assert.deepEqual(seeds, [0, 1, 2, 3, 4].map((w) => seedOfStart(42, w)));
  assert.equal(seedOfStart(42, 0), 42);
  for (const s of seeds) assert.ok(Number.isInteger(s) && s! >= 0 && s! < 2 ** 31);
  assert.equal(seedOfStart(undefined, 3), undefined);
});
