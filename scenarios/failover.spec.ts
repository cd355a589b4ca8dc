/**
 * Failover between the primary (`mqtt`) and the backup (`mqtt1`): the switch once the
 * primary's delay reaches its maximum, staying on the backup after a drop (also when the
 * backup then refuses: the schedule restarts on it), going back to the primary when the
 * backup fails too, and an enabled backup with no server.
 */
import { test } from '../harness/runner/fixtures.ts';

const S = 1000;
/** Primary 2…60 s (122 s) with the default maximum, fuzz, boot. */
const PRIMARY_ROUND = 1.15 * 122 * S + 5 * S;
/**
 * With reconnect_timeout_max 16 (the model takes any min/max; the defaults' full round is
 * covered by the first scenario and by backoff.spec.ts): primary 2, 4, 8, 16 s; backup
 * 4, 8, 16 s after the switch.
 */
const SHORT_MAX = 16;
const SHORT_PRIMARY_ROUND = 1.15 * 30 * S + 5 * S;
const SHORT_BACKUP_ROUND = 1.15 * 28 * S;

test.describe('failover', () => {
  test('primary down, backup up: the board switches after the primary\'s 60 s delay, connects after 4 s, and stays on the backup after a drop', async ({ scenario }) => {
    await scenario.verifying(['failover.to-backup', 'failover.stays-on-backup'], async () => {
      await scenario.setup({ mqtt1: { enable: true }, primary: { fault: 'refuse-rst' } });
      const first = await scenario.waitForSession('backup', PRIMARY_ROUND + 5 * S);
      await scenario.fault('backup', { fault: 'drop', how: 'rst' });
      await scenario.fault('backup', { fault: 'accept' });
      await scenario.waitFor(
        (e) => e.kind === 'mqtt.packet' && e.broker === 'backup' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t,
        5 * S,
        'a second session on the backup after the drop',
      );
    });
  });

  test('primary and backup both down: back to the primary after the backup\'s schedule', async ({ scenario }) => {
    await scenario.verifying(['failover.to-backup', 'failover.back-to-primary'], async () => {
      await scenario.setup({
        mqtt: { reconnect_timeout_max: SHORT_MAX },
        mqtt1: { enable: true, reconnect_timeout_max: SHORT_MAX },
        primary: { fault: 'refuse-rst' },
        backup: { fault: 'refuse-rst' },
      });
      // 5 attempts on the primary (at boot, then after 2, 4, 8, 16 s), 3 on the backup
      // (after 4, 8, 16 s), then the primary again after 4 s.
      await scenario.waitForAttempts('backup', 3, SHORT_PRIMARY_ROUND + SHORT_BACKUP_ROUND);
      await scenario.waitForAttempts('primary', 6, 1.15 * 20 * S);
    });
  });

  test('backup enabled without a server: the board keeps trying the primary', async ({ scenario }) => {
    await scenario.verifying(['failover.backup-without-server'], async () => {
      await scenario.setup({ mqtt: { reconnect_timeout_max: SHORT_MAX }, mqtt1: { enable: true, server: '' }, primary: { fault: 'refuse-rst' } });
      // Past the primary's max delay, then one more max delay to tell a silent board from a slow one.
      await scenario.waitForAttempts('primary', 7, SHORT_PRIMARY_ROUND + 1.15 * 2 * SHORT_MAX * S);
    });
  });

  test('a lost backup session followed by refusals: the schedule restarts at 2 s on the backup, then goes back to the primary', async ({ scenario }) => {
    await scenario.verifying(['failover.stays-on-backup', 'backoff.schedule', 'backoff.reset-after-connack'], async () => {
      // Both maxima at 4 s keep the rounds short: primary 2, 4 s; backup 4 s after the switch.
      await scenario.setup({
        mqtt: { reconnect_timeout_max: 4 },
        mqtt1: { enable: true, reconnect_timeout_max: 4 },
        primary: { fault: 'refuse-rst' },
      });
      const first = await scenario.waitForSession('backup', 1.15 * (2 + 4 + 4) * S + 5 * S);
      await scenario.fault('backup', [{ fault: 'drop', how: 'rst' }, { fault: 'refuse-rst' }]);
      // After the session: backup again after 2 s, then 4 s (its max), then the primary after 4 s.
      let refused = 0;
      await scenario.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'backup' && e.t > first.t && ++refused >= 2, 1.15 * (2 + 4) * S + 2 * S, 'two refused attempts on the backup');
      await scenario.waitFor((e) => e.kind === 'tcp.accept' && e.broker === 'primary' && e.t > first.t, 1.15 * 4 * S + 2 * S, 'the return to the primary');
    });
  });
});
