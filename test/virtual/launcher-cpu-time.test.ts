/**
 * The virtual board's start deadline counts the child's own CPU time (harness/virtual/launcher.ts),
 * read from /proc/<pid>/stat: it must grow with work done, not with wall time, and say
 * nothing (undefined) for a process that is gone, so the launcher falls back to wall time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { processCpuMs } from '../../harness/virtual/launcher.ts';

test('CPU time grows with work and not with sleep', async () => {
  const before = processCpuMs(process.pid);
  assert.ok(before !== undefined && before >= 0);
  const spinUntil = performance.now() + 300;
  let x = 0;
  while (performance.now() < spinUntil) x += Math.sqrt(x + 1);
  const afterSpin = processCpuMs(process.pid)!;
  // 300 ms of spinning, read at a 10 ms tick: at least 200 ms even with the host busy half of it.
  assert.ok(afterSpin - before >= 200, `300 ms of spinning counted ${afterSpin - before} ms of CPU (x=${x > 0})`);
  await delay(300);
  const afterSleep = processCpuMs(process.pid)!;
  assert.ok(afterSleep - afterSpin < 150, `300 ms asleep counted ${afterSleep - afterSpin} ms of CPU`);
});

test('a process that is gone has no CPU time to report', () => {
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;
  assert.equal(processCpuMs(gone), undefined);
});
