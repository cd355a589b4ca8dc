/** Which mutants a run tests (harness/mutation/sample.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileFilter, sampleIds } from '../../harness/mutation/sample.ts';

const ids = Array.from({ length: 200 }, (_, i) => String(i));

test('the same seed and size draw the same mutants, without repeats', () => {
  const a = sampleIds(ids, 12, 7);
  assert.deepEqual(sampleIds(ids, 12, 7), a);
  assert.equal(new Set(a).size, 12);
  assert.ok(a.every((id) => ids.includes(id)));
});

test('a smaller draw is the first part of a larger one, so a stopped run is a sample too', () => {
  const whole = sampleIds(ids, 100, 3);
  assert.deepEqual(sampleIds(ids, 30, 3), whole.slice(0, 30));
  // drawn order, not id order: the first 30 are not the 30 lowest of the 100
  const lowest = [...whole].sort((x, y) => Number(x) - Number(y)).slice(0, 30);
  assert.notDeepEqual([...whole.slice(0, 30)].sort((x, y) => Number(x) - Number(y)), lowest);
});

test('another seed draws other mutants', () => {
  assert.notDeepEqual(sampleIds(ids, 12, 7), sampleIds(ids, 12, 8));
});

test('a draw is spread over the ids, not the first ones', () => {
  const a = sampleIds(ids, 20, 1).map(Number);
  assert.ok(Math.max(...a) > 100, `largest id drawn ${Math.max(...a)}`);
});

test('a size at or above the count takes every mutant; a bad size is refused', () => {
  assert.deepEqual([...sampleIds(['3', '1', '2'], 10, 1)].sort(), ['1', '2', '3']);
  assert.deepEqual(sampleIds(ids, 0, 1), []);
  assert.throws(() => sampleIds(ids, 1.5, 1), /whole number/);
});

test('--files takes comma-separated globs of file names; none takes every file', () => {
  const only = fileFilter('client.ts, tls-*.ts');
  assert.deepEqual(['client.ts', 'tls-plan.ts', 'keep-alive.ts'].filter(only), ['client.ts', 'tls-plan.ts']);
  assert.ok(fileFilter(undefined)('keep-alive.ts'));
});
