/**
 * Failover between the primary (`mqtt`) and the backup (`mqtt1`): the switch once the
 * primary's delay reaches its maximum, staying on the backup after a drop, going back to
 * the primary when the backup fails too, and an enabled backup with no server.
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
});
