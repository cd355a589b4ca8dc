/**
 * The reconnect schedule: 2, 4, 8, 16, 32, 60, 60 … s with ±10 % fuzz, measured from the
 * end of one attempt to the start of the next, and restarted at 2 s after a good session.
 */
import { test } from '../harness/runner/fixtures.ts';

/** Device ms for the first `n` nominal delays of the default schedule, with room for fuzz and boot. */
function scheduleMs(n: number): number {
  const delays = [2, 4, 8, 16, 32, 60, 60, 60, 60];
  return 1.15 * 1000 * delays.slice(0, n).reduce((a, b) => a + b, 0) + 5_000;
}

test.describe('backoff', () => {
  test('primary refuses every connection, no backup: 2, 4, 8, 16, 32, 60, 60 s', async ({ scenario }) => {
    await scenario.verifying(['backoff.schedule', 'backoff.jitter'], async () => {
      await scenario.setup({ primary: { fault: 'refuse-rst' } });
      await scenario.waitForAttempts('primary', 8, scheduleMs(7));
    });
  });

  test('nothing listening on the primary: the schedule is seen in the serial log alone', async ({ scenario }) => {
    await scenario.verifying(['backoff.schedule'], async () => {
      await scenario.setup({ primary: { fault: 'closed' } });
      await scenario.waitForSerialAttempts(6, scheduleMs(5));
    });
  });

  test('a drop after a good session restarts the schedule at 2 s', async ({ scenario }) => {
    await scenario.verifying(['backoff.reset-after-connack'], async () => {
      await scenario.setup({ primary: { fault: 'refuse-rst' } });
      await scenario.waitForAttempts('primary', 3, scheduleMs(2));
      await scenario.fault('primary', { fault: 'accept' });
      const session = await scenario.waitForSession('primary', scheduleMs(3));
      await scenario.fault('primary', [{ fault: 'drop', how: 'rst' }, { fault: 'refuse-rst' }]);
      let after = 0;
      await scenario.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'primary' && e.t > session.t && ++after >= 3, scheduleMs(3), '3 attempts after the drop');
    });
  });

  test('@realtime the first delays of the schedule, 2, 4 and 8 s', async ({ scenario }) => {
    await scenario.verifying(['backoff.schedule'], async () => {
      await scenario.setup({ primary: { fault: 'refuse-rst' } });
      await scenario.waitForAttempts('primary', 4, scheduleMs(3));
    });
  });
});
