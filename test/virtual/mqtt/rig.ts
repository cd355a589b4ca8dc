/**
 * Builds an MqttClient on a fake clock and a fake network for a unit test, and records
 * what it prints and which events the firmware would print.
 */
import { formatHilEvent, type HilEvent } from '../../../harness/contract/hil.ts';
import { libraryLog } from '../../../harness/contract/library-log.ts';
import { type DeviceConfig, defaultDeviceConfig, type MqttSection } from '../../../harness/virtual/config/schema.ts';
import { ConnState } from '../../../harness/virtual/mqtt/connection-state.ts';
import { MqttClient } from '../../../harness/virtual/mqtt/client.ts';
import type { LogVariant } from '../../../harness/virtual/mqtt/log-lines.ts';
import { faithful } from '../../../harness/virtual/personalities/faithful.ts';
import type { Personality } from '../../../harness/virtual/personalities/personality.ts';
import { mulberry32 } from '../../../harness/virtual/random.ts';
import { FakeClock } from '../../helpers/fake-clock.ts';
import { FakeNet } from './fake-net.ts';

export const PRIMARY = '127.0.0.1:1883';
export const BACKUP = '127.0.0.1:1884';

export interface LogEntry {
  t: number;
  file: string;
  line: number;
  message: string;
}

export interface RigOptions {
  mqtt?: Partial<MqttSection>;
  mqtt1?: Partial<MqttSection>;
  personality?: Personality | Personality[];
  seed?: number;
  logVariant?: LogVariant;
  deviceId?: string;
  /** Whether wall time is set (mqtt.require_time); absent: set. */
  wallTimeSet?: () => boolean;
}

export interface Rig {
  clock: FakeClock;
  net: FakeNet;
  config: DeviceConfig;
  client: MqttClient;
  logs: LogEntry[];
  events: HilEvent[];
  /** Log lines (message only) and event lines (`HIL {json}`) in the order they were printed. */
  transcript: string[];
  messages(): string[];
  /** Times (ms) at which `MQTT0 connecting to …` was printed, with the server. */
  attempts(): { t: number; server: string }[];
  /** The fuzzed delays printed as `connecting after N ms`. */
  delays(): number[];
  /** Boots and reports "IP acquired". */
  start(): void;
}

export function makeRig(options: RigOptions = {}): Rig {
  const clock = new FakeClock();
  const net = new FakeNet(clock);
  const config = defaultDeviceConfig();
  config.device.id = options.deviceId ?? 'esp32_1CA848';
  Object.assign(config.mqtt, { enable: true, server: PRIMARY }, options.mqtt);
  Object.assign(config.mqtt1, options.mqtt1);
  const logs: LogEntry[] = [];
  const events: HilEvent[] = [];
  const transcript: string[] = [];
  const client = new MqttClient({
    clock,
    random: mulberry32(options.seed ?? 1),
    config: () => config,
    deviceId: config.device.id,
    connectTcp: net.connect,
    log: (file, line, message) => {
      logs.push({ t: clock.now(), file, line, message });
      transcript.push(message);
    },
    event: (e) => {
      events.push(e);
      transcript.push(formatHilEvent(e));
    },
    logVariant: options.logVariant ?? 'master',
    personality: options.personality ?? faithful,
    ...(options.wallTimeSet ? { wallTimeSet: options.wallTimeSet } : {}),
  });
  return {
    clock,
    net,
    config,
    client,
    logs,
    events,
    transcript,
    messages: () => logs.map((l) => l.message),
    attempts: () =>
      logs.flatMap((l) => {
        const m = libraryLog.connectingTo.exec(l.message);
        return m ? [{ t: l.t, server: m[1]! }] : [];
      }),
    delays: () =>
      logs
        .map((l) => libraryLog.connectingAfter.exec(l.message))
        .filter((m) => m !== null)
        .map((m) => Number(m[1])),
    start: () => {
      client.boot();
      client.onIpAcquired();
    },
  };
}

/** Nominal delays (s) reconstructed from fuzzed ones, asserting each is within ±10 %. */
export function nominalSeconds(delaysMs: readonly number[], candidates: readonly number[]): number[] {
  return delaysMs.map((d) => {
    const match = candidates.find((c) => d >= Math.floor(c * 900) && d <= Math.ceil(c * 1100));
    if (match === undefined) throw new Error(`delay ${d} ms is not within ±10 % of any of ${candidates.join(', ')} s`);
    return match;
  });
}

/** Asserts each fuzzed delay is within ±10 % of the expected nominal delay (seconds), same count. */
export function assertFuzzedSchedule(delaysMs: readonly number[], nominalS: readonly number[]): void {
  if (delaysMs.length !== nominalS.length) {
    throw new Error(`expected ${nominalS.length} delays (${nominalS.join(', ')} s), got ${delaysMs.length}: ${delaysMs.join(', ')} ms`);
  }
  delaysMs.forEach((d, i) => {
    const n = nominalS[i]! * 1000;
    if (d < Math.floor(n * 0.9) || d > Math.ceil(n * 1.1)) {
      throw new Error(`delay #${i + 1} is ${d} ms, outside ±10 % of ${n} ms; all: ${delaysMs.join(', ')}`);
    }
  });
}

/**
 * Fires timers one at a time, in order, until `done()` holds; fails after `maxDeviceMs`
 * of device time or 100 000 timers, naming what it waited for.
 */
export function runUntil(rig: Rig, what: string, done: () => boolean, maxDeviceMs = 3_600_000): void {
  const deadline = rig.clock.now() + maxDeviceMs;
  for (let fired = 0; !done(); fired++) {
    const next = rig.clock.nextTimerAt();
    if (fired >= 100_000 || next === undefined || next > deadline) {
      const why = fired >= 100_000 ? 'gave up after 100000 timers' : next === undefined ? 'no timer pending' : 'deadline passed';
      throw new Error(`waited for ${what} until device time ${deadline} ms: ${why}; last lines: ${rig.transcript.slice(-6).join(' | ')}`);
    }
    rig.clock.step();
  }
}

/** A rig with this personality, connected to a broker on the primary (its first CONNACK). */
export function connectedRig(personality: Personality, options: RigOptions = {}, behaviour: Parameters<Rig['net']['serve']>[1] = 'broker'): Rig {
  const rig = makeRig({ ...options, personality });
  rig.net.serve(PRIMARY, behaviour);
  rig.start();
  runUntil(rig, 'a CONNACK', () => rig.client.state === ConnState.Connected);
  return rig;
}

/** The broker closes the session; runs until the next one is up. */
export function reconnectRig(rig: Rig): void {
  const before = rig.net.connections.length;
  rig.net.last.closeFromBroker();
  runUntil(rig, 'a new session', () => rig.net.connections.length > before && rig.client.state === ConnState.Connected);
}
