/** The bench's timing error of a reconnect, and its parts, from a timeline. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconnectSamples } from '../../harness/bench/reconnect-timing.ts';
import { parseBenchOptions } from '../../harness/bench/options.ts';
import { spread } from '../../harness/bench/stats.ts';
import type { TimelineEvent } from '../../harness/timeline/events.ts';

const log = (t: number, message: string): TimelineEvent => ({ kind: 'serial', t, board: 'v01', line: { type: 'log', text: `mgos_mqtt.c:1 ${message}`, message } });
const close = (t: number, conn: number): TimelineEvent => ({ kind: 'tcp.close', t, broker: 'primary', conn, by: 'gate', how: 'rst' }) as TimelineEvent;
const accept = (t: number, conn: number): TimelineEvent => ({ kind: 'tcp.accept', t, broker: 'primary', conn, remote: '127.0.0.1:1' });

test('error = close → accept minus the logged delay ÷ scale; arm + late + dial make it up', () => {
  const events = [accept(0, 1), close(100, 1), log(103, 'MQTT0 connecting after 2000 ms'), log(306, 'MQTT0 connecting to 127.0.0.1:1883'), accept(307.5, 2)];
  const [s] = reconnectSamples(events, 10, { board: 'v01', scenario: 'x' });
  assert.ok(s);
  assert.equal(s.delayDeviceMs, 2000);
  assert.ok(Math.abs(s.errorMs - 7.5) < 1e-9, String(s.errorMs));
  assert.ok(Math.abs(s.armMs - 3) < 1e-9 && Math.abs(s.lateMs - 3) < 1e-9 && Math.abs(s.dialMs - 1.5) < 1e-9, JSON.stringify(s));
  assert.ok(Math.abs(s.armMs + s.lateMs + s.dialMs - s.errorMs) < 1e-9);
});

test('an attempt that reaches no accept before the next schedule step is no sample', () => {
  const events = [close(0, 1), log(1, 'MQTT0 connecting after 2000 ms'), log(201, 'MQTT0 connecting to a:1'), log(202, 'MQTT0 connecting after 4000 ms'), log(602, 'MQTT0 connecting to a:1'), accept(603, 2)];
  assert.deepEqual(reconnectSamples(events, 10, { board: 'v01', scenario: 'x' }), []);
});

test('a board that closes first and prints its delay before the gate sees the close: still one sample, arm negative', () => {
  const events = [accept(0, 1), log(50, 'MQTT0 connecting after 2000 ms'), close(51, 1), log(251, 'MQTT0 connecting to a:1'), accept(252, 2), log(300, 'MQTT0 connecting after 4000 ms'), close(301, 2), log(701, 'MQTT0 connecting to a:1'), accept(702, 3)];
  const samples = reconnectSamples(events, 10, { board: 'v01', scenario: 'x' });
  assert.deepEqual(samples.map((s) => [s.delayDeviceMs, Math.round(s.errorMs * 1000) / 1000, s.armMs]), [[2000, 1, -1], [4000, 1, -1]]);
});

// Seen in a 4-board bench run (2026-12-04): a reboot after `connecting after 2188 ms`, and the
// boot's first attempt 1.6 s later, made a sample "551 ms early". The boot's attempt is no timer's.
test('a reboot ends the wait: the boot\'s first attempt is no sample', () => {
  const banner: TimelineEvent = { kind: 'serial', t: 150, board: 'v01', line: { type: 'banner', text: 'ets Jun  8 2016 00:22:57' } };
  const boot: TimelineEvent = { kind: 'serial', t: 330, board: 'v01', line: { type: 'event', text: 'HIL {"ev":"boot","t":181}', event: { ev: 'boot', t: 181 } } as never };
  const events = [accept(0, 1), close(1, 1), log(3, 'MQTT0 connecting after 2188 ms'), banner, boot, log(1630, 'MQTT0 connecting to a:1'), accept(1631, 2)];
  assert.deepEqual(reconnectSamples(events, 1, { board: 'v01', scenario: 'x' }), []);
  // Without the reboot the same lines are a sample.
  assert.equal(reconnectSamples([accept(0, 1), close(1, 1), log(3, 'MQTT0 connecting after 1600 ms'), log(1602, 'MQTT0 connecting to a:1'), accept(1603, 2)], 1, { board: 'v01', scenario: 'x' }).length, 1);
});

// The same run: the serial line `connecting to` often reached the harness after the gate's accept
// (serial slower than the dial); those reconnects were dropped, and fewer samples were kept the less loaded the host.
test('an accept before its `connecting to` line is still a sample, with a negative dial', () => {
  const events = [accept(0, 1), close(100, 1), log(103, 'MQTT0 connecting after 2000 ms'), accept(302, 2), close(302.3, 2), log(303.5, 'MQTT0 connecting to a:1'), log(305, 'MQTT0 connecting after 4000 ms'), log(706, 'MQTT0 connecting to a:1'), accept(704, 3)];
  const samples = reconnectSamples(events, 10, { board: 'v01', scenario: 'x' });
  assert.equal(samples.length, 2);
  assert.ok(Math.abs(samples[0]!.errorMs - 2) < 1e-9 && Math.abs(samples[0]!.dialMs + 1.5) < 1e-9, JSON.stringify(samples[0]));
  assert.ok(Math.abs(samples[1]!.errorMs - 1.7) < 1e-9, JSON.stringify(samples[1]));
  for (const s of samples) assert.ok(Math.abs(s.armMs + s.lateMs + s.dialMs - s.errorMs) < 1e-9);
});

test('spread: p50/p99/max of |x|, mean signed', () => {
  assert.deepEqual(spread([-2, 1, 3]), { n: 3, p50: 2, p99: 3, max: 3, mean: 0.667 });
});

test('bench options: sizes are checked, --quick is small', () => {
  assert.deepEqual(parseBenchOptions(['--quick']).boards, [1]);
  assert.deepEqual(parseBenchOptions(['--boards', '1,4', '--scales', '10']).scales, [10]);
  assert.throws(() => parseBenchOptions(['--boards', '1,x']), /--boards must be positive numbers/);
  assert.throws(() => parseBenchOptions(['--only', 'gate']), /no part named gate; the parts are timing/);
});
