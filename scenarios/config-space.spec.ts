/**
 * The config space beyond the defaults: the table rows and edges of the behaviour spec
 * ("Configuration", "Reconnect schedule", "Limits"), each judged by the check that owns
 * the behaviour. The model takes any min/max, so each window follows from the config:
 *
 * - min 0.5: the 1 s floor of step 2 dominates, 2, 4, 8 …
 * - min 5 / max 30: 5, 10, 20, 30, 30
 * - fractional min 1.5 / max 7.5: 3, 6, 7.5, 7.5
 * - backup bounds of its own (min 1, max 4) after the primary's round
 * - several reconnects in one boot: the schedule restarts after every good session
 * - max_queue_length 0 and 1
 * - keep_alive 0: the CONNECT carries 60 and pings follow
 * - clean_session false in the CONNECT
 */
import { test } from '../harness/runner/fixtures.ts';
import type { Scenario } from '../harness/runner/scenario.ts';

const S = 1000;

/** Device ms for the given nominal delays (s), with the upper fuzz bound, a margin and the boot. */
function within(delaysS: number[]): number {
  return 1.15 * 1000 * delaysS.reduce((a, b) => a + b, 0) + 5 * S;
}

async function published(scenario: Scenario, payload: string, deviceMs: number): Promise<void> {
  await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish' && e.payload === payload, deviceMs, `the PUBLISH of "${payload}"`);
}

test.describe('config space', () => {
  test('reconnect_timeout_min 0.5: the 1 s floor gives 2, 4, 8 s', async ({ scenario }) => {
    await scenario.verifying(['backoff.schedule'], async () => {
      await scenario.setup({ mqtt: { reconnect_timeout_min: 0.5 }, primary: { fault: 'refuse-rst' } });
      await scenario.waitForAttempts('primary', 4, within([2, 4, 8]));
    });
  });

  test('reconnect_timeout_min 5, max 30: 5, 10, 20, 30, 30 s', async ({ scenario }) => {
    await scenario.verifying(['backoff.schedule'], async () => {
      await scenario.setup({ mqtt: { reconnect_timeout_min: 5, reconnect_timeout_max: 30 }, primary: { fault: 'refuse-rst' } });
      await scenario.waitForAttempts('primary', 6, within([5, 10, 20, 30, 30]));
    });
  });

  test('fractional bounds, min 1.5, max 7.5: 3, 6, 7.5, 7.5 s', async ({ scenario }) => {
    await scenario.verifying(['backoff.schedule'], async () => {
      await scenario.setup({ mqtt: { reconnect_timeout_min: 1.5, reconnect_timeout_max: 7.5 }, primary: { fault: 'refuse-rst' } });
      await scenario.waitForAttempts('primary', 5, within([3, 6, 7.5, 7.5]));
    });
  });

  test('a backup with bounds of its own (min 1, max 4): its round follows its own config', async ({ scenario }) => {
    await scenario.verifying(['failover.to-backup', 'failover.back-to-primary'], async () => {
      await scenario.setup({
        mqtt: { reconnect_timeout_max: 8 },
        mqtt1: { enable: true, reconnect_timeout_min: 1, reconnect_timeout_max: 4 },
        primary: { fault: 'refuse-rst' },
        backup: { fault: 'refuse-rst' },
      });
      // Primary 2, 4, 8 → backup 2, 4 → primary again.
      await scenario.waitForAttempts('backup', 2, within([2, 4, 8, 2]));
      let back = 0;
      const lastBackup = await scenario.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'backup' && ++back >= 2, within([4]), 'the backup round');
      await scenario.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'primary' && e.t > lastBackup.t, within([4, 4]), 'the return to the primary');
    });
  });

  test('several reconnects in one boot: the schedule restarts at 2 s after each good session', async ({ scenario }) => {
    await scenario.verifying(['backoff.reset-after-connack', 'resubscribe.all-topics'], async () => {
      await scenario.setup();
      let since = (await scenario.waitForSession('primary', 10 * S)).t;
      await scenario.sub('hil/cfg/#');
      for (let round = 1; round <= 3; round++) {
        const from = since;
        // Let the session settle (the board has taken its CONNACK and re-subscribed) before cutting it.
        await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'subscribe' && e.t > from, 5 * S, `the subscription of session ${round}`);
        await scenario.fault('primary', [{ fault: 'drop', how: 'rst' }, { fault: 'refuse-rst' }]);
        let refused = 0;
        await scenario.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'primary' && e.t > from && ++refused >= 2, within([2, 4]), `two refused attempts, round ${round}`);
        await scenario.fault('primary', { fault: 'accept' });
        const session = await scenario.waitFor(
          (e) => e.kind === 'mqtt.packet' && e.broker === 'primary' && e.type === 'connack' && e.returnCode === 0 && e.t > from,
          within([8]),
          `the session of round ${round}`,
        );
        since = session.t;
      }
      // The last session stays up long enough to re-subscribe.
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.type === 'subscribe' && e.t > since, 5 * S, 'the re-subscription after the last reconnect');
    });
  });

  test('max_queue_length 1: only the newest offline publish survives', async ({ scenario }) => {
    await scenario.verifying(['queue.overflow'], async () => {
      await scenario.setup({ mqtt: { max_queue_length: 1 }, primary: { fault: 'refuse-rst' } });
      await scenario.waitForAttempts('primary', 2, 10 * S);
      for (let i = 1; i <= 3; i++) await scenario.pub('hil/cfg/q1', `len1-${i}`, 1);
      await scenario.fault('primary', { fault: 'accept' });
      await scenario.waitForSession('primary', within([8]));
      await published(scenario, 'len1-3', 5 * S);
    });
  });

  test('max_queue_length 0: the queue is off, nothing made offline is sent', async ({ scenario }) => {
    await scenario.verifying(['queue.overflow'], async () => {
      await scenario.setup({ mqtt: { max_queue_length: 0 }, primary: { fault: 'refuse-rst' } });
      await scenario.waitForAttempts('primary', 2, 10 * S);
      for (let i = 1; i <= 2; i++) await scenario.pub('hil/cfg/q0', `len0-${i}`, 1);
      await scenario.fault('primary', { fault: 'accept' });
      const session = await scenario.waitForSession('primary', within([8]));
      // Long enough for a replay to have happened if there were one.
      await scenario.watch((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'publish', 3 * S, 'a replay that must not come', session.t);
    });
  });

  test('keep_alive 0 and clean_session false: the CONNECT carries 60 and clean = false', async ({ scenario }) => {
    await scenario.verifying(['connect.fields'], async () => {
      await scenario.setup({ mqtt: { keep_alive: 0, clean_session: false } });
      await scenario.waitForSession('primary', 10 * S);
    });
  });

  test('keep_alive 0 still pings, every 60 s', async ({ scenario }) => {
    await scenario.verifying(['keepalive.ping'], async () => {
      await scenario.setup({ mqtt: { keep_alive: 0 } });
      const session = await scenario.waitForSession('primary', 10 * S);
      let pings = 0;
      await scenario.waitFor((e) => e.kind === 'mqtt.packet' && e.dir === 'in' && e.type === 'pingreq' && e.t > session.t && ++pings >= 2, 2 * 62 * S, 'two PINGREQs');
    });
  });
});
