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

test('CPU time grows with work, as getrusage counts it, and not with sleep', async () => {
  const before = processCpuMs(process.pid);
  const usage0 = process.cpuUsage();
  assert.ok(before !== undefined && before >= 0);
  // Spin until the kernel's other account of this process (getrusage, through Node) says 300 ms
  // of CPU were used: on a busy host that takes longer in wall time, not less CPU.
  let x = 0;
  const used = () => {
    const u = process.cpuUsage(usage0);
    return (u.user + u.system) / 1000;
  };
  for (let i = 0; used() < 300 && i < 1e9; i++) x += Math.sqrt(x + 1);
  const afterSpin = processCpuMs(process.pid)!;
  const byRusage = used();
  // /proc counts in 10 ms ticks; the two accounts agree to a few of them.
  assert.ok(Math.abs(afterSpin - before - byRusage) <= 40, `/proc counted ${afterSpin - before} ms, getrusage ${byRusage.toFixed(0)} ms (x=${x > 0})`);
  await delay(300);
  const afterSleep = processCpuMs(process.pid)!;
  assert.ok(afterSleep - afterSpin < 150, `300 ms asleep counted ${afterSleep - afterSpin} ms of CPU`);
});

test('a process that is gone has no CPU time to report', () => {
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;
  assert.equal(processCpuMs(gone), undefined);
});
