import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run as authRefusedCheck } from '../../harness/checks/connect/auth-refused.ts';
import { run as backToPrimaryCheck } from '../../harness/checks/failover/back-to-primary.ts';
import { run as backupWithoutServerCheck } from '../../harness/checks/failover/backup-without-server.ts';
import { run as staysOnBackupCheck } from '../../harness/checks/failover/stays-on-backup.ts';
import { run as toBackupCheck } from '../../harness/checks/failover/to-backup.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { attempts, BACKUP, fuzzed, PRIMARY, playAttempts, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const authRefused = onInput(authRefusedCheck);
const backToPrimary = onInput(backToPrimaryCheck);
const backupWithoutServer = onInput(backupWithoutServerCheck);
const staysOnBackup = onInput(staysOnBackupCheck);
const toBackup = onInput(toBackupCheck);

const withBackup = () => new TimelineBuilder({ mqtt1: { enable: true, server: BACKUP } });
const PRIMARY_ROUND = fuzzed([0, 2, 4, 8, 16, 32, 60]);

describe('failover.to-backup', () => {
  it('passes: primary 2…60, then the backup after 4', () => {
    const b = playAttempts(withBackup(), [...attempts('mqtt', PRIMARY_ROUND), { server: 'mqtt1', delayMs: 4100 }]);
    const v = toBackup(b.build());
    assertPassCounting(v, 1);
    assert.match(v.reason, /after 2·min/);
    assert.ok(v.source.some((s) => s.id === 'doc.failover.same-way') && v.source.some((s) => s.id === 'impl.failover.first-delay'));
  });

  it('passes with the backup up (session after 4 s)', () => {
    const b = playAttempts(withBackup(), [...attempts('mqtt', PRIMARY_ROUND), { server: 'mqtt1', delayMs: 3800, kind: 'session', holdMs: 10_000 }]);
    assert.equal(toBackup(b.build()).verdict, 'pass');
  });

  it('fails without failover (the primary again at 60)', () => {
    const b = playAttempts(withBackup(), [...attempts('mqtt', PRIMARY_ROUND), { server: 'mqtt', delayMs: 60_000 }]);
    const v = toBackup(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /no switch/);
  });

  it('fails an early failover (after 8 s)', () => {
    const b = playAttempts(withBackup(), [...attempts('mqtt', fuzzed([0, 2, 4, 8])), ...attempts('mqtt1', [4000, 8000])]);
    const v = toBackup(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /early switch/);
  });

  it('fails a switch after 2 s where the model (impl) expects 2·min = 4 s', () => {
    const b = playAttempts(withBackup(), [...attempts('mqtt', PRIMARY_ROUND), { server: 'mqtt1', delayMs: 2000 }]);
    assert.equal(toBackup(b.build()).verdict, 'fail');
  });

  it('skips when the run never reached the max delay, or without a backup', () => {
    assertNothingToJudge(toBackup(playAttempts(withBackup(), attempts('mqtt', fuzzed([0, 2, 4]))).build()), /no run reached the point where the primary hits its max delay/);
    assertNothingToJudge(toBackup(playAttempts(new TimelineBuilder(), attempts('mqtt', PRIMARY_ROUND)).build()), /mqtt1 is not enabled/);
  });

  it('has nothing to judge when the primary reached its max but the slice ended before the next attempt was due', () => {
    const b = playAttempts(withBackup(), attempts('mqtt', PRIMARY_ROUND));
    b.wait(2000);
    assertNothingToJudge(toBackup(b.build()));
  });
});

describe('failover.back-to-primary', () => {
  const round = [...attempts('mqtt', PRIMARY_ROUND), ...attempts('mqtt1', fuzzed([4, 8, 16, 32, 60]))];

  it('passes: backup 4…60, then the primary after 4', () => {
    const v = backToPrimary(playAttempts(withBackup(), [...round, { server: 'mqtt', delayMs: 4200 }]).build());
    assertPassCounting(v, 1);
  });

  it('fails when the device stays on the backup', () => {
    const v = backToPrimary(playAttempts(withBackup(), [...round, { server: 'mqtt1', delayMs: 60_000 }]).build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /no switch/);
  });

  it('skips before the backup reached its max', () => {
    const v = backToPrimary(playAttempts(withBackup(), round.slice(0, 9)).build());
    assertNothingToJudge(v, /no run reached the point where the backup hits its max delay/);
  });
});

describe('failover.stays-on-backup', () => {
  const toSession = [...attempts('mqtt', PRIMARY_ROUND), { server: 'mqtt1' as const, delayMs: 4000, kind: 'session' as const, holdMs: 30_000 }];

  it('passes: after the backup session drops, backup again after 2, then 4', () => {
    const v = staysOnBackup(playAttempts(withBackup(), [...toSession, ...attempts('mqtt1', [2100, 3800])]).build());
    assertPassCounting(v, 2);
  });

  it('leaves timing to the backoff checks: a late but loyal reconnect passes this check', () => {
    const v = staysOnBackup(playAttempts(withBackup(), [...toSession, ...attempts('mqtt1', [8000, 16000])]).build());
    assert.equal(v.verdict, 'pass', v.reason);
  });

  it('fails a device that runs back to the primary at the first loss', () => {
    const v = staysOnBackup(playAttempts(withBackup(), [...toSession, { server: 'mqtt', delayMs: 2000 }]).build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /back to the primary/);
  });

  it('skips without a backup session', () => {
    assertNothingToJudge(staysOnBackup(playAttempts(withBackup(), attempts('mqtt', PRIMARY_ROUND)).build()), /no attempt after a dropped session on the backup/);
  });

  it('has nothing to judge in attempts whose server names neither config', () => {
    const b = playAttempts(withBackup(), toSession);
    for (const ms of [2100, 3800]) {
      b.wait(ms).log('MQTT0 connecting to 10.9.9.9:1883').tick().log('MQTT0 TCP connected error (111)', 'mgos_mqtt_conn.c', 187).tick().log('MQTT0 disconnected', 'mgos_mqtt_conn.c', 221);
    }
    assertNothingToJudge(staysOnBackup(b.build()), /names neither config/);
  });
});

describe('failover.backup-without-server', () => {
  const emptyBackup = () => new TimelineBuilder({ mqtt1: { enable: true, server: '' } });

  it('passes a device that keeps trying the primary at 60 (doc)', () => {
    const v = backupWithoutServer(playAttempts(emptyBackup(), attempts('mqtt', [...PRIMARY_ROUND, 59_000, 61_000])).build());
    assertPassCounting(v, 1);
    assert.ok(v.source.some((s) => s.kind === 'doc') && v.source.some((s) => s.id === 'impl.failover.empty-server'));
  });

  it('fails the impl: silent forever after the switch to the empty backup', () => {
    const b = playAttempts(emptyBackup(), attempts('mqtt', PRIMARY_ROUND));
    b.wait(120_000).fault('primary', 'closed');
    const v = backupWithoutServer(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /stopped trying/);
  });

  it('fails a device that falls silent before the max too (an early switch to the empty backup)', () => {
    const b = playAttempts(emptyBackup(), attempts('mqtt', PRIMARY_ROUND.slice(0, 4)));
    b.wait(120_000).fault('primary', 'closed');
    assert.equal(backupWithoutServer(b.build()).verdict, 'fail');
  });

  it('leaves timing to backoff.schedule: a capless device that keeps trying passes this check', () => {
    const v = backupWithoutServer(playAttempts(emptyBackup(), attempts('mqtt', [...PRIMARY_ROUND, 120_000])).build());
    assert.equal(v.verdict, 'pass', v.reason);
  });

  it('skips when the observation ends too soon', () => {
    const b = playAttempts(emptyBackup(), attempts('mqtt', PRIMARY_ROUND));
    b.wait(30_000).fault('primary', 'closed');
    assertNothingToJudge(backupWithoutServer(b.build()), /did not reach its max/);
    assertNothingToJudge(backupWithoutServer(playAttempts(withBackup(), attempts('mqtt', PRIMARY_ROUND)).build()), /empty mqtt1.server/);
  });
});

describe('connect.auth-refused', () => {
  it('passes: refusals continue the schedule 2, 4, 8', () => {
    const v = authRefused(playAttempts(new TimelineBuilder(), attempts('mqtt', fuzzed([0, 2, 4, 8]), 'refused')).build());
    assertPassCounting(v, 2);
  });

  it('fails a device that resets rt on a refusal (2, 2, 2)', () => {
    const v = authRefused(playAttempts(new TimelineBuilder(), attempts('mqtt', [0, 2000, 2000, 2000], 'refused')).build());
    assert.equal(v.verdict, 'fail');
  });

  it('fails a device that reboots after a refusal', () => {
    const b = playAttempts(new TimelineBuilder(), attempts('mqtt', fuzzed([0, 2, 4]), 'refused'));
    b.wait(500).banner();
    const v = authRefused(b.build());
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /rebooted/);
  });

  it('skips with a single refusal', () => {
    assertNothingToJudge(authRefused(playAttempts(new TimelineBuilder(), attempts('mqtt', [0, 2000], 'refused')).build()), /fewer than 2 consecutive refusals/);
  });

  it('has nothing to judge in refusals seen on serial only, whose ends and delays went unseen', () => {
    // Only the `connecting to` and `CONNACK 5` lines came through: no gap can be timed.
    const b = new TimelineBuilder();
    for (const ms of fuzzed([0, 2, 4, 8])) b.wait(ms).log(`MQTT0 connecting to ${PRIMARY}`).tick().log('MQTT0 CONNACK 5', 'mgos_mqtt_conn.c', 241);
    b.wait(1000);
    assertNothingToJudge(authRefused(b.build()), /could be timed/);
  });
});
