/**
 * The Scenario on its own, with the board, brokers and peers faked and the timeline real:
 * setup establishes (and returns) the known state, every action goes through one recorder,
 * input() is pure, a setup failure breaks the scenario without a verdict, a device wait
 * that expires is still judged, and the time limit follows the waits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestInfo } from '@playwright/test';
import { now } from '../../harness/clock.ts';
import type { FaultSettingInput } from '../../harness/brokers/faults/registry.ts';
import type { BoardSession } from '../../harness/runner/board-session.ts';
import type { BoardTarget } from '../../harness/runner/board-target.ts';
import { Scenario, ScenarioBrokenError, type ScenarioContext, ScenarioError } from '../../harness/runner/scenario.ts';
import { BROKEN_ATTACHMENT, DELAYS_ATTACHMENT, VERDICT_ATTACHMENT } from '../../harness/report/run-folder.ts';
import { LIMIT_SLACK_MS } from '../../harness/runner/time-limits.ts';
import { DeviceTime } from '../../harness/time/device-time.ts';
import { Timeline } from '../../harness/timeline/timeline.ts';

interface Rig {
  scenario: Scenario;
  link: { path: string; closedInfo: { disconnected: boolean } | undefined };
  timeline: Timeline;
  faults: Array<{ broker: string; setting: FaultSettingInput }>;
  fencedAt: number[];
  hilCalls: Array<{ method: string; t: number; params?: unknown }>;
  attachments: string[];
  testInfo: { timeout: number };
}

interface RigOptions {
  prepare?: () => Promise<number>;
  received?: Array<{ t: number; topic: string; text: string; qos: 0 | 1 | 2; retain: boolean }>;
  /** A virtual board's Sys.GetInfo lag_ms, one per read (setup's, then the judging one), and the harness's own lag. */
  lag?: { board: number[]; harnessMs: number };
}

function rig(options: RigOptions = {}): Rig {
  const timeline = new Timeline();
  const faults: Rig['faults'] = [];
  const fencedAt: number[] = [];
  const hilCalls: Rig['hilCalls'] = [];
  const attachments: string[] = [];
  // A small wait slack keeps the expired waits below short.
  const time = new DeviceTime(10, 300, 20);
  const link: { path: string; closedInfo: { disconnected: boolean } | undefined } = { path: '/dev/pts/7', closedInfo: undefined };
  const board = {
    link,
    rpc: {
      call: async (method: string, params: unknown) => {
        hilCalls.push({ method, t: now(), params });
        return {};
      },
    },
    prepare: options.prepare ?? (async () => now()),
    confirm: async () => {},
    info: async () => ({ id: 'esp32_ABCDEF', ...(options.lag ? { lag_ms: options.lag.board.shift() } : {}) }),
    deadline: (deviceMs: number) => time.deadlineWallMs(deviceMs),
    hil: async (method: string) => {
      hilCalls.push({ method, t: now() });
      if (method === 'HIL.PacketIds') return { count: 3, first: 65534, last: 1, zeros: 0, wraps: 1 };
      if (method === 'HIL.SetTime') return { before: 1780000000, after: 0 };
      if (method === 'HIL.Pubf') return { packet_id: 9 };
      if (method === 'HIL.SetConnectFn') return { applied: true };
      if (method === 'HIL.GlobalConn') return { conn: true, connected: false };
      return method === 'HIL.Status' ? { connected: true } : method === 'HIL.Pub' ? { packet_id: 7 } : {};
    },
  } as unknown as BoardSession;
  const broker = (name: string, port: number) => ({
    port,
    setFault: async (setting: FaultSettingInput) => {
      faults.push({ broker: name, setting });
    },
    gate: {
      fenceBefore: (t: number) => {
        fencedAt.push(t);
        return [];
      },
    },
  });
  const peer = (received: NonNullable<typeof options.received>) => ({ received: () => received });
  const testInfo = {
    timeout: 1_000,
    setTimeout(ms: number) {
      this.timeout = ms;
    },
    attach: async (name: string) => {
      attachments.push(name);
    },
  };
  const ctx = {
    board,
    target: { name: 'virtual', kind: 'virtual', time } as unknown as BoardTarget,
    ...(options.lag ? { lag: { reset: () => {}, sample: () => ({ maxMs: options.lag!.harnessMs, p99Ms: 1 }) } } : {}),
    brokers: { primary: broker('primary', 1883), backup: broker('backup', 1884) },
    peers: { primary: peer(options.received ?? []), backup: peer([]) },
    timeline,
    host: '127.0.0.1',
    testInfo: testInfo as unknown as TestInfo,
  } as unknown as ScenarioContext;
  return { scenario: new Scenario(ctx), link, timeline, faults, fencedAt, hilCalls, attachments, testInfo };
}

test('setup sets both faults, writes both sections, fences at the boot stamp and returns the state', async () => {
  const boot = now();
  const r = rig({ prepare: async () => boot });
  const state = await r.scenario.setup({ primary: { fault: 'refuse-rst' }, mqtt: { keep_alive: 5 } });
  assert.deepEqual(r.faults, [
    { broker: 'primary', setting: { fault: 'refuse-rst' } },
    { broker: 'backup', setting: { fault: 'accept' } },
  ]);
  assert.equal(state.start, boot);
  assert.equal(state.config.mqtt.server, '127.0.0.1:1883');
  assert.equal(state.config.mqtt.keep_alive, 5);
  assert.equal(state.config.mqtt1.server, '127.0.0.1:1884');
  assert.equal(state.config.mqtt1.enable, false);
  assert.equal(state.deviceId, 'esp32_ABCDEF');
  assert.deepEqual(r.fencedAt, [boot, boot], 'each gate fenced at the boot line');
  assert.ok(r.timeline.events({ kind: 'note' }).some((e) => e.kind === 'note' && e.text === 'scenario start'));
});

test('the state is not there before setup: a clear error, not a zero', () => {
  const r = rig();
  assert.throws(() => r.scenario.deviceId, (e: Error) => e instanceof ScenarioError && /before setup\(\)/.test(e.message));
  assert.throws(() => r.scenario.input(), ScenarioError);
});

test('input() is pure: asked twice it gives the same, and the actions are not touched', async () => {
  const r = rig({ received: [{ t: now() + 60_000, topic: 'hil/x', text: 'm', qos: 1, retain: false }] });
  await r.scenario.setup();
  await r.scenario.sub('hil/#');
  const first = r.scenario.input();
  const second = r.scenario.input();
  assert.deepEqual(second, first);
  assert.equal(r.scenario.actions.length, 1, 'peer-received is merged into the input, not into the actions');
  assert.deepEqual(first.actions.map((a) => a.kind), ['sub', 'peer-received']);
});

test('pub goes through the recorder, stamped when HIL.Pub was called, with the id it returned', async () => {
  const r = rig();
  await r.scenario.setup();
  await r.scenario.pub('hil/out', 'p', 1);
  const pub = r.scenario.actions.find((a) => a.kind === 'pub');
  const call = r.hilCalls.find((c) => c.method === 'HIL.Pub')!;
  assert.ok(pub && pub.kind === 'pub');
  assert.equal(pub.packetId, 7);
  assert.equal(pub.connected, true);
  assert.ok(pub.t <= call.t, 'stamped before the call, not after the reply');
});

test('rawSub and globalConn record their action with the span of the call', async () => {
  const r = rig();
  await r.scenario.setup();
  await r.scenario.rawSub('hil/raw/+');
  const reply = await r.scenario.globalConn();
  assert.deepEqual(reply, { conn: true, connected: false });
  const sub = r.scenario.actions.find((x) => x.kind === 'raw-sub');
  const gc = r.scenario.actions.find((x) => x.kind === 'global-conn');
  assert.ok(sub && sub.kind === 'raw-sub' && gc && gc.kind === 'global-conn');
  assert.equal(sub.topic, 'hil/raw/+');
  assert.deepEqual({ conn: gc.conn, connected: gc.connected }, reply);
  const subCall = r.hilCalls.find((c) => c.method === 'HIL.RawSub')!;
  assert.ok(sub.t <= subCall.t && subCall.t <= sub.repliedAt, 'stamped at the call, with the reply after it');
  assert.ok(gc.t <= gc.repliedAt);
});

test('packetIds records what HIL.PacketIds reported, stamped when it was called', async () => {
  const r = rig();
  await r.scenario.setup();
  const reply = await r.scenario.packetIds(3);
  const a = r.scenario.actions.find((x) => x.kind === 'packet-ids');
  const call = r.hilCalls.find((c) => c.method === 'HIL.PacketIds')!;
  assert.ok(a && a.kind === 'packet-ids');
  assert.deepEqual({ count: a.count, first: a.first, last: a.last, zeros: a.zeros, wraps: a.wraps }, reply);
  assert.ok(a.t <= call.t);
});

test('setTime records the epoch and what HIL.SetTime reported, stamped at the call, with the reply', async () => {
  const r = rig();
  await r.scenario.setTime(0);
  await r.scenario.setup();
  const a = r.scenario.actions.find((x) => x.kind === 'set-time');
  const call = r.hilCalls.find((c) => c.method === 'HIL.SetTime')!;
  assert.ok(a && a.kind === 'set-time');
  assert.deepEqual({ epoch: a.epoch, before: a.before, after: a.after }, { epoch: 0, before: 1780000000, after: 0 });
  assert.ok(a.t <= call.t && a.repliedAt >= call.t);
  // Recorded before setup (the clock must be unset before the reboot), and still judged.
  assert.ok(r.scenario.input().actions.some((x) => x.kind === 'set-time'));
});

test('pubf records the case, QoS, retain and the packet id HIL.Pubf returned, stamped when it was called', async () => {
  const r = rig();
  await r.scenario.setup();
  const id = await r.scenario.pubf('hil/api/pubf/keys', 'keys', 1, true);
  const a = r.scenario.actions.find((x) => x.kind === 'pubf');
  const call = r.hilCalls.find((c) => c.method === 'HIL.Pubf')!;
  assert.ok(a && a.kind === 'pubf');
  assert.equal(id, 9);
  assert.deepEqual({ topic: a.topic, case: a.case, qos: a.qos, retain: a.retain, packetId: a.packetId, connected: a.connected }, { topic: 'hil/api/pubf/keys', case: 'keys', qos: 1, retain: true, packetId: 9, connected: true });
  assert.ok(a.t <= call.t);
});

test('setConnectFn records the mode and what HIL.SetConnectFn answered, between the call and the reply', async () => {
  const r = rig();
  await r.scenario.setup();
  assert.equal(await r.scenario.setConnectFn('on'), true);
  const a = r.scenario.actions.find((x) => x.kind === 'set-connect-fn');
  const call = r.hilCalls.find((c) => c.method === 'HIL.SetConnectFn')!;
  assert.ok(a && a.kind === 'set-connect-fn');
  assert.deepEqual({ mode: a.mode, applied: a.applied }, { mode: 'on', applied: true });
  assert.ok(a.t <= call.t && call.t <= a.repliedAt);
});

test('a setup that fails breaks the scenario: named cause, a broken attachment, no verdicts', async () => {
  const r = rig({
    prepare: async () => {
      throw new Error('Serial port /dev/pts/9 vanished while waiting for an RPC reply');
    },
  });
  await assert.rejects(
    r.scenario.verifying(['backoff.schedule'], async () => {
      await r.scenario.setup();
    }),
    (e: Error) => e instanceof ScenarioBrokenError && /^broken: setup: Serial port \/dev\/pts\/9 vanished/.test(e.message),
  );
  assert.deepEqual(r.attachments, [BROKEN_ATTACHMENT]);
});

test('a wait on the device that expires is still judged (the board misbehaved), and the limit followed the wait', async () => {
  const r = rig();
  await assert.rejects(
    r.scenario.verifying(['backoff.schedule'], async () => {
      await r.scenario.setup();
      await r.scenario.watch(() => false, 10, 'nothing');
      await r.scenario.waitFor(() => false, 20, 'an attempt that never comes');
    }),
    (e: Error) => !(e instanceof ScenarioBrokenError),
  );
  assert.ok(r.attachments.includes(VERDICT_ATTACHMENT), 'the checks judged');
  assert.ok(r.attachments.includes(DELAYS_ATTACHMENT), 'its delays handed over for the run-level verdicts');
  assert.ok(!r.attachments.includes(BROKEN_ATTACHMENT));
  // waitFor(20 device ms) at time scale 10 has a deadline of 2 ms + 20 ms slack, on top of the limit's own slack.
  assert.ok(r.testInfo.timeout >= LIMIT_SLACK_MS + 22, `time limit ${r.testInfo.timeout}`);
});

test('fault durations are device ms: the gate gets wall ms at the board time scale', async () => {
  const r = rig();
  await r.scenario.fault('primary', { fault: 'drop', how: 'rst', afterMs: 2_000 });
  assert.deepEqual(r.faults.at(-1), { broker: 'primary', setting: { fault: 'drop', how: 'rst', afterMs: 200 } });
});

test('a wait that runs out because the port vanished breaks the scenario instead of judging it', async () => {
  const r = rig();
  await assert.rejects(
    r.scenario.verifying(['backoff.schedule'], async () => {
      await r.scenario.setup();
      r.link.closedInfo = { disconnected: true };
      await r.scenario.waitFor(() => false, 20, 'an attempt');
    }),
    (e: Error) => e instanceof ScenarioBrokenError && /Serial port \/dev\/pts\/7 vanished/.test(e.message),
  );
  assert.ok(!r.attachments.includes(VERDICT_ATTACHMENT), 'nothing judged');
  assert.ok(!r.attachments.includes(DELAYS_ATTACHMENT), 'no delays from a broken scenario');
});

// Seen in CI (resubscribe-first-only, busy 2-core host): the board took 57 ms to notice a
// refusal right after its boot; the gap then exceeded its logged delay by 1161 device ms
// against ε 828, because setup's own Sys.GetInfo had reset the board's lag window after it.
test("ε grows by a virtual board's lateness from before setup's last Sys.GetInfo too, not only after it", async () => {
  const r = rig({ lag: { board: [80, 5], harnessMs: 2 } });
  await r.scenario.verifying(['connect.fields'], async () => {
    await r.scenario.setup();
  }).catch(() => {});
  const board = r.scenario.input().board;
  assert.equal(board.hostLagMs, 80);
  assert.equal(board.epsilonMs, 300 + 82 * 10, 'ε 300 at time scale 10, plus 2 + 80 ms of lateness');
});

// Seen in a stressed soak (TLS drop scenario, time scale 20): the board's timer 18 ms late
// and the next accept stamped 103 ms after the board dialled made a gap 2556 device ms past
// its logged delay; the harness had measured 92.5 ms, the board 45.3 ms.
test("the harness's and a virtual board's lateness add up in ε: one gap can hold both", async () => {
  const r = rig({ lag: { board: [9.4, 45.3], harnessMs: 92.5 } });
  await r.scenario.verifying(['connect.fields'], async () => {
    await r.scenario.setup();
  }).catch(() => {});
  const board = r.scenario.input().board;
  assert.equal(board.epsilonMs, 300 + Math.ceil((92.5 + 45.3) * 10));
  // Overload ("not judged") and the pairing of lines go by the worse single lateness.
  assert.equal(board.hostLagMs, 92.5);
});

test('configure records the debug console topics as a config action and writes them with Config.Set', async () => {
  const r = rig();
  await r.scenario.setup();
  await r.scenario.configure({ debug: { stdout_topic: 'hil/debug/stdout', stderr_topic: 'hil/debug/stderr' } });
  const a = r.scenario.actions.find((x) => x.kind === 'config');
  const call = r.hilCalls.find((c) => c.method === 'Config.Set')!;
  assert.ok(a && a.kind === 'config');
  assert.deepEqual(a.debug, { stdout_topic: 'hil/debug/stdout', stderr_topic: 'hil/debug/stderr' });
  assert.deepEqual(call.params, { config: { debug: { stdout_topic: 'hil/debug/stdout', stderr_topic: 'hil/debug/stderr' } } });
  assert.ok(a.t <= call.t);
  assert.ok(r.scenario.input().actions.some((x) => x.kind === 'config' && x.debug !== undefined));
});

// Seen beside stress-ng --cpu 2 (kill matrix, lib-no-puback-unmatched): the scenario's 2 s
// watch for a PUBACK ended before the checks' ε, which the host's lag had grown, so the
// missing PUBACK went unjudged.
test('a watch for an absence lasts at least 1.5 × the ε the lag so far gives; the event still ends it at once', async () => {
  const r = rig({ lag: { board: [0, 0], harnessMs: 200 } });
  await r.scenario.setup();
  // ε = 300 + 200 × 10 = 2300 device ms: the window is 3450 device ms, 345 ms wall at time scale 10.
  const started = performance.now();
  assert.equal(await r.scenario.watch(() => false, 100, 'a PUBACK that never comes'), undefined);
  const waited = performance.now() - started;
  assert.ok(waited >= 340, `watched ${waited.toFixed(0)} ms of wall, not the 10 ms asked for`);
  const quiet = rig();
  await quiet.scenario.setup();
  const t0 = performance.now();
  await quiet.scenario.watch(() => false, 100, 'nothing');
  assert.ok(performance.now() - t0 < 300, 'on a quiet host: max(asked, 1.5 × 300 device ms) = 45 ms of wall');
});
