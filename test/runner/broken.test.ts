/**
 * A broken scenario judges nothing and says why: the one definition of "broken" used by
 * the summary, the report and the kill matrix, the first cause built from the error and
 * the serial evidence, and the slice that leaves out connections from before the start.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ScenarioRecord, brokenReason, type VerdictRecord } from '../../harness/report/results.ts';
import { BoardHungError } from '../../harness/boards/reset/index.ts';
import { brokenCause } from '../../harness/runner/broken-cause.ts';
import { ownConnections, withoutPreviousBoot } from '../../harness/runner/scenario.ts';
import { PortClosedError, SerialTimeoutError } from '../../harness/serial/errors.ts';
import type { EventOf, TimelineEvent } from '../../harness/timeline/events.ts';

const scenario = (extra: Partial<ScenarioRecord>): ScenarioRecord => ({ board: 'b', title: 's', file: 'f.spec.ts', status: 'failed', durationMs: 1, ...extra });
const verdict = (v: 'pass' | 'fail' | 'skip'): VerdictRecord => ({ id: 'backoff.schedule', verdict: v, reason: 'r', expected: null, observed: null, evidence: [], source: [], board: 'b', scenario: 's', file: 'f.spec.ts' }) as unknown as VerdictRecord;

test('broken: not passed, no failing check; the recorded cause wins over the error text', () => {
  assert.equal(brokenReason(scenario({ status: 'passed' }), []), undefined);
  assert.equal(brokenReason(scenario({ status: 'skipped' }), []), undefined);
  assert.equal(brokenReason(scenario({ error: 'backoff.schedule: FAIL' }), [verdict('fail')]), undefined, 'a failed check explains the failure');
  assert.equal(brokenReason(scenario({ error: 'first line\nmore' }), [verdict('pass')]), 'first line');
  // Seen in CI: reconnect-immediate never settled into the session the QoS 0-only scenario
  // waits for; its required checks could not judge — the board's doing, not a broken run.
  assert.equal(brokenReason(scenario({ error: 'qos.qos0-only-broker: SKIP' }), [verdict('skip')]), undefined, 'a required check that could not judge explains it');
  assert.equal(brokenReason(scenario({ error: 'step timed out' }), [{ ...verdict('skip'), incidental: true } as VerdictRecord]), 'step timed out', 'an incidental skip does not');
  assert.equal(brokenReason(scenario({ error: 'x', broken: 'setup: port vanished' }), []), 'setup: port vanished');
  assert.match(brokenReason(scenario({ status: 'timedOut', error: 'Test timeout of 5000ms exceeded.' }), [])!, /^time limit exceeded: Test timeout/);
});

const serial = (t: number, type: string, text: string, reason?: string): EventOf<'serial'> => ({ kind: 'serial', t, board: 'b', line: { type, text, ...(reason ? { reason } : {}) } });

test('the cause of a boot never seen quotes an event line that does not parse (the frozen quoting mistake) and the last lines', () => {
  // The broken line is the spec's quote of the real firmware built with frozen (serial-and-rpc.md, "The firmware's own JSON").
  const bad = 'HIL {""ev"":""boot"",""t"":250}';
  const lines = [serial(1, 'log', 'mgos_deps_init.c:78     init wifi...'), serial(2, 'noise', bad, 'HIL event line is not valid JSON: Unexpected token')];
  const err = new SerialTimeoutError({
    path: '/dev/ttyUSB0',
    pattern: 'the firmware\'s HIL {"ev":"boot"} line after a reboot',
    timeoutMs: 22_000,
    since: 0,
    tail: lines.map((l) => ({ type: l.line.type, t: l.t, text: l.line.text }) as never),
    logPath: undefined,
  });
  const cause = brokenCause(err, { setUp: false, serial: lines });
  assert.match(cause, /^setup: No line matching the firmware's HIL \{"ev":"boot"\} line after a reboot on \/dev\/ttyUSB0 within 22000 ms/);
  assert.ok(cause.includes(JSON.stringify(bad)), cause);
  assert.match(cause, /last lines: .*init wifi/);
});

test('a vanished port is named as the cause', () => {
  const cause = brokenCause(new PortClosedError('/dev/pts/2', true, 'waiting for an RPC reply'), { setUp: true, serial: [] });
  assert.match(cause, /^Serial port \/dev\/pts\/2 vanished while waiting for an RPC reply/);
});

test('the slice drops every event of a connection accepted before it began', () => {
  const events: TimelineEvent[] = [
    { kind: 'tcp.close', t: 10, broker: 'primary', conn: 1, by: 'gate', how: 'fin', reason: 'fenced' },
    { kind: 'mqtt.packet', t: 11, broker: 'primary', conn: 1, dir: 'in', type: 'pingreq' },
    { kind: 'tcp.accept', t: 12, broker: 'primary', conn: 2, remote: '127.0.0.1:5' },
    { kind: 'mqtt.packet', t: 13, broker: 'primary', conn: 2, dir: 'in', type: 'connect' },
    { kind: 'mqtt.packet', t: 13, broker: 'backup', conn: 2, dir: 'in', type: 'connect' },
    { kind: 'note', t: 14, text: 'n' },
  ];
  assert.deepEqual(
    ownConnections(events).map((e) => `${e.kind}${'conn' in e ? ` ${e.broker}#${e.conn}` : ''}`),
    ['tcp.accept primary#2', 'mqtt.packet primary#2', 'note'],
  );
});

test('a hung board leads the reason with "board hung:" and its last lines', () => {
  const err = new BoardHungError({
    board: 'bench-1',
    path: '/dev/ttyUSB0',
    doing: 'writing the config',
    waitedFor: 'the boot line',
    resetTried: 'rpc (Sys.Reboot)',
    tail: [{ type: 'log', t: 5, text: 'mgos_freertos.c:177     Mongoose OS 2.20.0' } as never],
    logPath: undefined,
  } as never);
  const cause = brokenCause(err, { setUp: false, serial: [] });
  assert.match(cause, /^board hung: bench-1 on \/dev\/ttyUSB0 stopped answering while writing the config.*\(in setup\)/);
  assert.match(cause, /last lines: .*Mongoose OS 2\.20\.0/);
});

test('a port that vanished leads the reason, whatever error the scenario then hit', async () => {
  const { TimelineTimeoutError } = await import('../../harness/timeline/timeline.ts');
  const gone = serial(40, 'noise', '--- /dev/pts/2 vanished', 'port vanished: Input/output error');
  const err = new TimelineTimeoutError('a session (CONNACK 0) on primary', 5000, [gone], 18);
  const cause = brokenCause(err, { setUp: true, serial: [serial(1, 'log', 'x'), gone] });
  assert.match(cause, /^the serial port of board b vanished at \+40\.0 ms \(port vanished: Input\/output error\), then: timed out after 5000 ms waiting for a session/);
  assert.doesNotMatch(cause, /:$/);
});

test('an RPC call that timed out while reply frames were thrown away names them', async () => {
  const { RpcTimeoutError } = await import('../../harness/serial/rpc-errors.ts');
  const err = new RpcTimeoutError({ method: 'Config.Set', id: 7, timeoutMs: 3000, path: '/dev/ttyUSB0', tail: [], rejectedFrames: ['bad CRC: {"id":7,"result":…}'], logPath: undefined });
  const cause = brokenCause(err, { setUp: true, serial: [] });
  assert.match(cause, /^RPC Config\.Set \(id 7\) got no reply on \/dev\/ttyUSB0 within 3000 ms\./);
  assert.match(cause, /1 reply frame\(s\) thrown away while it waited, the first: bad CRC/);
  assert.match(cause, /nothing was read from the port$/);
});

test('a reason is never cut: a first line that leads in to a list takes the list along', () => {
  const err = new Error('4 checks could not run, the first 4:\n  a\n  b\n  c\n  d');
  assert.equal(brokenCause(err, { setUp: true, serial: [] }), '4 checks could not run, the first 4: a | b | c | … 1 more');
  const timeout = new SerialTimeoutError({ path: '/dev/ttyUSB0', pattern: '/boot/', timeoutMs: 10, since: 0, tail: [{ type: 'log', t: 1, text: 'hello' } as never], logPath: undefined });
  assert.match(brokenCause(timeout, { setUp: true, serial: [] }), /^No line matching \/boot\/ on \/dev\/ttyUSB0 within 10 ms; last lines: \+1\.0 \[log\] hello$/);
});

test("the previous boot's last lines, stamped with the boot line's chunk, are not the slice's", () => {
  // As seen in CI under load (wrong-client-id, CONNACK 5 scenario): one chunk held the old
  // boot's "connecting to" and "Rebooting in 500 ms" and the new boot's banner, all at 3038.869.
  const line = (type: string, text: string, extra: Record<string, unknown> = {}): EventOf<'serial'> =>
    ({ kind: 'serial', t: 3038.869, board: 'b', line: { type, text, ...extra } }) as unknown as EventOf<'serial'>;
  const old1 = line('log', 'mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:1883');
  const old2 = line('log', 'mgos_system.c:54        Rebooting in 500 ms');
  const banner = line('banner', 'ets Jun  8 2016 00:22:57');
  const boot = line('event', 'HIL {"ev":"boot","t":196}', { event: { ev: 'boot', t: 196 } });
  const fresh = line('log', 'mgos_wifi.c:82          WiFi STA: connecting');
  const accept = { kind: 'tcp.accept', broker: 'primary', conn: 1, remote: '127.0.0.1:1', t: 3038.869 } as unknown as TimelineEvent;
  assert.deepEqual(withoutPreviousBoot([old1, accept, old2, banner, boot, fresh]), [accept, banner, boot, fresh]);
  assert.deepEqual(withoutPreviousBoot([boot, fresh]), [boot, fresh], 'a slice that begins with its boot line keeps everything');
  assert.deepEqual(withoutPreviousBoot([old1, fresh]), [old1, fresh], 'no boot line at all: nothing to tell apart, nothing dropped');
});
