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

/** The samples of one scenario's timeline, board at `timeScale`. */
export function reconnectSamples(events: readonly TimelineEvent[], timeScale: number, where: { board: string; scenario: string }): ReconnectSample[] {
  const out: ReconnectSample[] = [];
  for (let i = 0; i < events.length; i++) {
    const close = events[i]!;
    if (close.kind !== 'tcp.close') continue;
    let after: { t: number; ms: number } | undefined;
    let to: number | undefined;
    for (let j = i + 1; j < events.length; j++) {
      const e = events[j]!;
      const text = serialText(e);
      const m = text === undefined ? null : libraryLog.connectingAfter.exec(text);
      if (m) {
        if (after) break; // a second schedule step without an accept: no sample
        after = { t: e.t, ms: Number(m[1]) };
        continue;
      }
      if (after && to === undefined && text !== undefined && libraryLog.connectingTo.test(text)) to = e.t;
      if (e.kind === 'tcp.close' && !after) break; // another connection closed first
      if (e.kind === 'tcp.accept' && after && to !== undefined) {
        const wait = after.ms / timeScale;
        out.push({
          ...where,
          delayDeviceMs: after.ms,
          errorMs: e.t - close.t - wait,
          armMs: after.t - close.t,
          lateMs: to - after.t - wait,
          dialMs: e.t - to,
        });
        break;
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
