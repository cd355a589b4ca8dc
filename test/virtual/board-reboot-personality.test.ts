/**
 * A personality's RAM lives like the board's: the virtual board makes it at power-on and
 * again at every reboot (Sys.Reboot, as the harness's setup does between scenarios), and
 * tells it why the board started.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVirtualBoard } from '../../harness/virtual/create.ts';
import type { Personality } from '../../harness/virtual/personalities/personality.ts';

/** Resolves once the board printed `Init done` `count` times in all; rejects after `timeoutMs` wall ms. */
function initDone(text: () => string, count: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (text().split('Init done').length - 1 >= count) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(poll);
        reject(new Error(`the board printed "Init done" fewer than ${count} times within ${timeoutMs} ms; it wrote: ${JSON.stringify(text().slice(-400))}`));
      }
    }, 5);
  });
}

test('onBoot runs at power-on and at every reboot, with the reset reason', async () => {
  const boots: string[] = [];
  const personality: Personality = {
    name: 'boot-counter',
    description: 'Counts boots.',
    onBoot: ({ resetReason }) => {
      boots.push(resetReason);
      return {};
    },
  };
  let written = '';
  const board = createVirtualBoard({ timeScale: 20, personalities: [personality] }, { write: (b) => { written += b.toString('latin1'); } });
  try {
    board.powerOn();
    await initDone(() => written, 1);
    board.reboot();
    await initDone(() => written, 2);
    board.scheduleReboot(100);
    await initDone(() => written, 3);
    assert.deepEqual(boots, ['POWERON_RESET', 'SW_CPU_RESET', 'SW_CPU_RESET']);
  } finally {
    board.powerOff();
  }
});
