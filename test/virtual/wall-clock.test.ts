/**
 * The virtual board's wall clock: the host's time until HIL.SetTime moves it (so boards
 * know the time unless a scenario says otherwise), the MQTT library's "set" threshold,
 * and the board's time scale.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TIME_SET_EPOCH_S } from '../../harness/contract/hil.ts';
import { WallClock } from '../../harness/virtual/wall-clock.ts';

test('a new wall clock reads the host time, which the library counts as set', () => {
  const wall = new WallClock(1);
  assert.ok(Math.abs(wall.epochS() - Date.now() / 1000) < 5);
  assert.equal(wall.isSet(), true);
});

test('set to 0 it is not set; at the threshold (1500000000) it is', () => {
  const wall = new WallClock(1);
  wall.set(0);
  assert.equal(wall.isSet(), false);
  wall.set(TIME_SET_EPOCH_S - 1);
  assert.equal(wall.isSet(), false);
  wall.set(TIME_SET_EPOCH_S);
  assert.equal(wall.isSet(), true);
});

test('it runs at the board time scale', async () => {
  const wall = new WallClock(100, 0);
  await new Promise((r) => setTimeout(r, 50));
  // 50 wall ms × 100 = 5 device s (timers may be late, never early).
  assert.ok(wall.epochS() >= 4.9, `epoch ${wall.epochS()}`);
});
