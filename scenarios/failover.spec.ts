/**
 * Failover between the primary (`mqtt`) and the backup (`mqtt1`): the switch once the
 * primary's delay reaches its maximum, staying on the backup after a drop, going back to
 * the primary when the backup fails too, and an enabled backup with no server.
 */
import { test } from '../harness/runner/fixtures.ts';

const S = 1000;
/** Primary 2…60 s (122 s), fuzz, boot. */
const PRIMARY_ROUND = 1.15 * 122 * S + 5 * S;
/** Backup after a switch: 4…60 s (120 s). */
const BACKUP_ROUND = 1.15 * 120 * S;

test.describe('failover', () => {
  test('primary down, backup up: the board switches after the primary\'s 60 s delay, connects after 4 s, and stays on the backup after a drop', async ({ scenario }) => {
    await scenario.setup({ mqtt1: { enable: true }, primary: { fault: 'refuse-rst' } });
    const first = await scenario.waitForSession('backup', PRIMARY_ROUND + 5 * S);
    await scenario.fault('backup', { fault: 'drop', how: 'rst' });
    await scenario.fault('backup', { fault: 'accept' });
    await scenario.waitFor(
      (e) => e.kind === 'mqtt.packet' && e.broker === 'backup' && e.type === 'connack' && e.returnCode === 0 && e.t > first.t,
      5 * S,
      'a second session on the backup after the drop',
    );
    await scenario.verify(['failover.to-backup', 'failover.stays-on-backup']);
  });

  test('primary and backup both down: back to the primary after the backup\'s schedule', async ({ scenario }) => {
    await scenario.setup({ mqtt1: { enable: true }, primary: { fault: 'refuse-rst' }, backup: { fault: 'refuse-rst' } });
    // 7 attempts on the primary, 5 on the backup, then the primary again.
    await scenario.waitForAttempts('backup', 5, PRIMARY_ROUND + BACKUP_ROUND);
    await scenario.waitForAttempts('primary', 8, 1.15 * 64 * S);
    await scenario.verify(['failover.to-backup', 'failover.back-to-primary']);
  });

  test('backup enabled without a server: the board keeps trying the primary', async ({ scenario }) => {
    await scenario.setup({ mqtt1: { enable: true, server: '' }, primary: { fault: 'refuse-rst' } });
    // Past the primary's max delay, then one more max delay to tell a silent board from a slow one.
    await scenario.waitForAttempts('primary', 9, PRIMARY_ROUND + 1.15 * 60 * S);
    await scenario.verify(['failover.backup-without-server']);
  });
});
