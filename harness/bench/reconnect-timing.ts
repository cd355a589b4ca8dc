/**
 * The timing error of each reconnect in a run folder, from its timelines: the gap between
 * the gate's `tcp.close` and the next `tcp.accept`, minus the delay the board said it
 * would wait (`MQTT0 connecting after N ms`, device ms) ÷ its time scale. Split into:
 *
 * - arm:   tcp.close → the board's `connecting after` line (the board sees the close,
 *          arms its timer, prints; plus the serial line's latency),
 * - late:  `connecting after` → `connecting to` (the timer fired), minus N ÷ scale: how
 *          late the board's timer fired (both lines cross the same serial path, so its
 *          latency cancels),
 * - dial:  `connecting to` → tcp.accept (connect, accept; minus the serial latency).
 *
 * arm + late + dial = the error. A close not followed by an accept before the next
 * `connecting after` (nothing listening, refused at TCP) is not a sample.
 */
import fs from 'node:fs';
import path from 'node:path';
import { libraryLog, logMessageOf } from '../contract/library-log.ts';
import type { RunResults } from '../report/results.ts';
import { isHilEvent } from '../timeline/hil-events.ts';
import { readJsonl } from '../timeline/jsonl-sink.ts';
import type { TimelineEvent } from '../timeline/events.ts';

export interface ReconnectSample {
  board: string;
  scenario: string;
  delayDeviceMs: number;
  errorMs: number;
  armMs: number;
  lateMs: number;
  dialMs: number;
}

const serialText = (e: TimelineEvent) => (e.kind === 'serial' && e.line.type === 'log' ? logMessageOf(e.line) : undefined);

/** A boot: the serial banner or the firmware's boot event. A delay logged before it is never waited (the board restarted). */
const isBoot = (e: TimelineEvent) => (e.kind === 'serial' && e.line.type === 'banner') || isHilEvent(e, 'boot');

/**
 * The samples of one scenario's timeline, board at `timeScale`. The close that a
 * `connecting after` line answers may come just before it (the gate or broker cut) or
 * just after it (the board closed, e.g. on CONNACK 5, and printed first). The accept may
 * come before the `connecting to` line reaches the harness (the serial line slower than
 * the dial): the sample waits for that line, and its dial is then negative. A reboot
 * between the delay and the next attempt ends the wait: the boot's first attempt is no
 * timer's.
 */
export function reconnectSamples(events: readonly TimelineEvent[], timeScale: number, where: { board: string; scenario: string }): ReconnectSample[] {
  const out: ReconnectSample[] = [];
  let lastClose: number | undefined;
  type Pending = { after: number; ms: number; close: number | undefined; to: number | undefined; accept: number | undefined };
  let pending: Pending | undefined;
  const sample = (p: Pending, close: number, to: number, accept: number) => {
    const wait = p.ms / timeScale;
    out.push({ ...where, delayDeviceMs: p.ms, errorMs: accept - close - wait, armMs: p.after - close, lateMs: to - p.after - wait, dialMs: accept - to });
  };
  for (const e of events) {
    if (isBoot(e)) {
      pending = undefined;
      lastClose = undefined;
      continue;
    }
    if (e.kind === 'tcp.close') {
      if (pending && pending.accept === undefined && pending.to === undefined && pending.close === undefined) pending.close = e.t;
      else lastClose = e.t;
      continue;
    }
    if (e.kind === 'tcp.accept') {
      if (pending !== undefined && pending.accept === undefined && pending.close !== undefined && pending.to === undefined) {
        pending.accept = e.t; // its `connecting to` line is still on its way
      } else {
        if (pending?.accept === undefined && pending?.close !== undefined && pending.to !== undefined) sample(pending, pending.close, pending.to, e.t);
        pending = undefined;
      }
      lastClose = undefined;
      continue;
    }
    const text = serialText(e);
    if (text === undefined) continue;
    const m = libraryLog.connectingAfter.exec(text);
    if (m) {
      // A step of the schedule that reached no accept (nothing listening) is no sample.
      pending = { after: e.t, ms: Number(m[1]), close: lastClose, to: undefined, accept: undefined };
      lastClose = undefined;
    } else if (pending && pending.to === undefined && libraryLog.connectingTo.test(text)) {
      pending.to = e.t;
      if (pending.accept !== undefined && pending.close !== undefined) {
        sample(pending, pending.close, e.t, pending.accept);
        pending = undefined;
      }
    }
  }
  return out;
}

/** Every sample of a run folder (each scenario's timeline JSONL). */
export function runReconnectSamples(runDir: string): ReconnectSample[] {
  const results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
  return results.scenarios.flatMap((s) => {
    if (!s.timeline) return [];
    const file = path.join(runDir, s.timeline);
    if (!fs.existsSync(file)) return [];
    const scale = results.boards[s.board]?.timeScale ?? 1;
    return reconnectSamples(readJsonl(file), scale, { board: s.board, scenario: s.title });
  });
}
