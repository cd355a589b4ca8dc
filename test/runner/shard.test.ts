/** `--shard i/n`: what Playwright is handed, and a clear error for anything else. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { parseShard, shardArg } from '../../harness/runner/shard.ts';

test('i/n is shard i of n, counted from 1', () => {
  assert.deepEqual(parseShard('1/2'), { index: 1, total: 2 });
  assert.deepEqual(parseShard(' 3 / 3 '), { index: 3, total: 3 });
  assert.equal(shardArg(parseShard('2/4')), '2/4');
});

test('a shard outside its split, or not i/n at all, is refused with what to type', () => {
  assert.throws(() => parseShard('0/2'), /shard i must be between 1 and 2 \(shards count from 1\), got 0/);
  assert.throws(() => parseShard('3/2'), /between 1 and 2.*got 3/);
  assert.throws(() => parseShard('1/0'), /number of shards n must be between 1 and 64, got 0/);
  assert.throws(() => parseShard('1/65'), /between 1 and 64, got 65/);
  for (const bad of ['2', '1/2/3', 'a/b', '-1/2', '1.5/2', '']) assert.throws(() => parseShard(bad), /--shard must be i\/n, e\.g\. 1\/2/, bad);
});

test('hil qualify --shard 3/2 exits 2 before running anything, saying what to fix', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const r = spawnSync(process.execPath, [path.join(root, 'bin/hil.js'), 'qualify', '--virtual', '--shard', '3/2'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /--shard 3\/2: the shard i must be between 1 and 2/);
  assert.doesNotMatch(r.stdout, /hil qualify: virtual/, 'nothing ran');
});
