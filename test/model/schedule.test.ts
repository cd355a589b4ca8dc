import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootState, expectedSchedule, fuzzWindow, nextAttempt, type ScheduleConfigs } from '../../harness/model/schedule.ts';
import { mqttSection } from '../../harness/contract/mqtt-config.ts';

function configs(mqtt: object = {}, mqtt1: object = {}): ScheduleConfigs {
  return {
    mqtt: mqttSection.parse({ enable: true, server: 'a:1883', ...mqtt }),
    mqtt1: mqttSection.parse({ server: '', ...mqtt1 }),
  };
}
const withBackup = (mqtt: object = {}, mqtt1: object = {}) => configs(mqtt, { enable: true, server: 'b:1883', ...mqtt1 });
const seconds = (s: ReturnType<typeof expectedSchedule>) => s.attempts.slice(1).map((a) => `${a.server === 'mqtt' ? 'P' : 'B'}${a.nominalMs! / 1000}`);

describe('reconnect schedule (spec table)', () => {
  it('primary down, no backup: 2, 4, 8, 16, 32, 60, 60, 60', () => {
    const s = expectedSchedule({ configs: configs(), outcomes: 'all-fail', count: 9 });
    assert.deepEqual(seconds(s), ['P2', 'P4', 'P8', 'P16', 'P32', 'P60', 'P60', 'P60']);
    assert.equal(s.attempts[0]!.nominalMs, null);
  });

  it('primary and backup down: primary 2…60 → backup 4…60 → primary 4…60', () => {
    const s = expectedSchedule({ configs: withBackup(), outcomes: 'all-fail', count: 17 });
    assert.deepEqual(seconds(s), ['P2', 'P4', 'P8', 'P16', 'P32', 'P60', 'B4', 'B8', 'B16', 'B32', 'B60', 'P4', 'P8', 'P16', 'P32', 'P60']);
    assert.deepEqual(s.attempts.filter((a) => a.switched).map((a) => a.index), [7, 12]);
    assert.ok(s.attempts[7]!.source.some((x) => x.id === 'impl.failover.first-delay'));
  });

  it('primary down, backup up: backup connects after 4', () => {
    const s = expectedSchedule({ configs: withBackup(), outcomes: ({ server }) => (server === 'mqtt1' ? 'session' : 'fail'), count: 8 });
    assert.deepEqual(seconds(s), ['P2', 'P4', 'P8', 'P16', 'P32', 'P60', 'B4']);
    assert.equal(s.attempts[7]!.outcome, 'session');
  });

  it('a dropped session restarts at 2 on the same server, then 4, 8', () => {
    const s = expectedSchedule({ configs: withBackup(), outcomes: ['fail', 'fail', 'fail', 'session', 'fail', 'fail', 'fail'] });
    assert.deepEqual(seconds(s), ['P2', 'P4', 'P8', 'P2', 'P4', 'P8']);
    assert.equal(s.attempts[4]!.afterSession, true);
    assert.ok(s.attempts[4]!.source.some((x) => x.id === 'impl.backoff.reset-on-connack'));
  });

  it('a dropped session on the backup stays on the backup', () => {
    const start = { rt: 0, active: 'mqtt1' as const };
    const s = expectedSchedule({ configs: withBackup(), outcomes: ['session', 'fail', 'fail'], start });
    assert.deepEqual(seconds(s), ['B2', 'B4']);
  });

  it('min 5, max 30: 5, 10, 20, 30 → switch → 10, 20, 30', () => {
    const c = withBackup({ reconnect_timeout_min: 5, reconnect_timeout_max: 30 }, { reconnect_timeout_min: 5, reconnect_timeout_max: 30 });
    const s = expectedSchedule({ configs: c, outcomes: 'all-fail', count: 8 });
    assert.deepEqual(seconds(s), ['P5', 'P10', 'P20', 'P30', 'B10', 'B20', 'B30']);
  });

  it('min 0.5, max 60: 2, 4, 8 … (the floor dominates), after a switch 1, 2, 4', () => {
    const c = withBackup({ reconnect_timeout_min: 0.5 }, { reconnect_timeout_min: 0.5 });
    const s = expectedSchedule({ configs: c, outcomes: 'all-fail', count: 10 });
    assert.deepEqual(seconds(s), ['P2', 'P4', 'P8', 'P16', 'P32', 'P60', 'B1', 'B2', 'B4']);
  });

  it('a backup enabled without a server: the model (doc) keeps the primary at 60', () => {
    const s = expectedSchedule({ configs: configs({}, { enable: true, server: '' }), outcomes: 'all-fail', count: 9 });
    assert.deepEqual(seconds(s), ['P2', 'P4', 'P8', 'P16', 'P32', 'P60', 'P60', 'P60']);
    assert.equal(s.silentAfter, undefined);
  });

  it('a backup enabled without a server: the impl goes silent after the switch', () => {
    const s = expectedSchedule({ configs: configs({}, { enable: true, server: '' }), outcomes: 'all-fail', count: 9, follow: 'impl' });
    assert.deepEqual(seconds(s), ['P2', 'P4', 'P8', 'P16', 'P32', 'P60']);
    assert.equal(s.silentAfter?.index, 6);
    assert.ok(s.silentAfter?.source.some((x) => x.id === 'impl.failover.empty-server'));
  });

  it('a disabled backup is never switched to', () => {
    const s = expectedSchedule({ configs: configs({}, { enable: false, server: 'b:1883' }), outcomes: 'all-fail', count: 9 });
    assert.ok(s.attempts.every((a) => a.server === 'mqtt'));
  });
});

describe('reconnect rule steps', () => {
  it('rt ≤ 0 becomes 1000 before doubling (also rt = −1 after an explicit disconnect)', () => {
    assert.equal(nextAttempt(bootState, configs(), 'fail').nominalMs, 2000);
    assert.equal(nextAttempt({ rt: -1, active: 'mqtt' }, configs(), 'fail').nominalMs, 2000);
  });

  it('clamps to [min, max] of the active config', () => {
    assert.equal(nextAttempt({ rt: 40_000, active: 'mqtt' }, configs(), 'fail').nominalMs, 60_000);
    assert.equal(nextAttempt(bootState, configs({ reconnect_timeout_min: 7 }), 'fail').nominalMs, 7000);
  });

  it('a session resets rt whatever it was', () => {
    assert.equal(nextAttempt({ rt: 60_000, active: 'mqtt' }, withBackup(), 'session').nominalMs, 2000);
    assert.equal(nextAttempt({ rt: 60_000, active: 'mqtt' }, withBackup(), 'session').switched, false);
  });

  it('the window is [0.9·d − ε, 1.1·d + ε], and every attempt names its sources', () => {
    assert.deepEqual(fuzzWindow(4000, 50), [3550, 4450]);
    const s = expectedSchedule({ configs: configs(), outcomes: 'all-fail', count: 3, epsilonMs: 50 });
    assert.deepEqual(s.attempts[1]!.windowMs, [1750, 2250]);
    assert.ok(s.attempts[1]!.source.some((x) => x.id === 'impl.backoff.fuzz' && x.kind === 'impl'));
  });
});
