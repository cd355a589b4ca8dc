/**
 * One time model: a board's scale, ε and wait slack, and the conversions every layer
 * uses — so a span of device time means the same wall time in the session's deadlines,
 * a scenario's watch and a fault's duration.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inWallTime } from '../../harness/brokers/faults/registry.ts';
import { parseLab } from '../../harness/lab/load.ts';
import { timeScaleOf } from '../../harness/lab/schema.ts';
import { defaultEpsilonMs, QUALIFY_TIME_SCALE, WAIT_SLACK_WALL_MS } from '../../harness/time/defaults.ts';
import { DeviceTime } from '../../harness/time/device-time.ts';

test('device ↔ wall at the board scale; a deadline adds the slack, a window does not', () => {
  const time = new DeviceTime(10, 300);
  assert.equal(time.toWallMs(2_000), 200);
  assert.equal(time.toDeviceMs(200), 2_000);
  assert.equal(time.deadlineWallMs(2_000), 200 + WAIT_SLACK_WALL_MS);
  assert.throws(() => new DeviceTime(0, 1), /positive/);
});

test('ε defaults per kind, scaled for a virtual board', () => {
  assert.equal(DeviceTime.forBoard('virtual', 10).epsilonMs, defaultEpsilonMs('virtual', 10));
  assert.equal(DeviceTime.forBoard('virtual', 1).epsilonMs, 150);
  assert.equal(DeviceTime.forBoard('physical', 1).epsilonMs, 150);
  assert.equal(DeviceTime.forBoard('virtual', 10, 42).epsilonMs, 42, 'the lab config\'s tolerance wins');
});

test('a lab board without a time scale gets the one default; a physical board runs at 1', () => {
  const lab = parseLab({ boards: [{ name: 'v', kind: 'virtual' }, { name: 'p', kind: 'physical', port: '/dev/ttyUSB0', wifi: { ssid: 's', pass: '' } }] }, 'lab');
  assert.equal(timeScaleOf(lab.boards[0]!), QUALIFY_TIME_SCALE);
  assert.equal(timeScaleOf(lab.boards[1]!), 1);
});

test('a fault given in device time reaches the gate in wall time, chains included; other params untouched', () => {
  const time = new DeviceTime(20, 600);
  assert.deepEqual(inWallTime({ fault: 'drop', how: 'fin', afterMs: 2_000 }, (ms) => time.toWallMs(ms)), { fault: 'drop', how: 'fin', afterMs: 100 });
  assert.deepEqual(
    inWallTime([{ fault: 'delay', ms: 1_000, maxMs: 4_000 }, { fault: 'connack', code: 5 }], (ms) => time.toWallMs(ms)),
    [{ fault: 'delay', ms: 50, maxMs: 200 }, { fault: 'connack', code: 5 }],
  );
});
