/** `npm run bench` options: --keep names where run folders go; without it none is asked for. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBenchOptions, usage } from '../../harness/bench/options.ts';

test('--keep DIR is taken, and said in the usage; by default nothing is kept on purpose', () => {
  assert.equal(parseBenchOptions(['--keep', '/tmp/bench-runs']).keep, '/tmp/bench-runs');
  assert.equal(parseBenchOptions([]).keep, undefined);
  assert.match(usage, /--keep DIR/);
  assert.throws(() => parseBenchOptions(['--boards', '0']), /--boards must be positive numbers/);
});
