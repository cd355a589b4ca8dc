/**
 * The timeline of a long run: memory per event held, and what a `waitFor` from now costs
 * with a full window behind it (it should cost the events since `since`, not the window).
 */
import { Timeline } from '../timeline/timeline.ts';
import type { TimelineEvent } from '../timeline/events.ts';

function event(i: number, t: number): TimelineEvent {
  return i % 3 === 0
    ? { kind: 'mqtt.packet', t, broker: 'primary', conn: 1 + (i % 7), dir: 'in', type: 'publish', packetId: i % 65535, qos: 1, dup: false, retain: false, topic: 'hil/bench/t', payloadLength: 16, payload: `payload ${i}` }
    : { kind: 'serial', t, board: 'v01', line: { type: 'log', text: `mgos_mqtt.c:155 MQTT0 pub -> ${i} hil/bench/t @ 1 (16): [payload ${i}]` } };
}

export interface TimelineCost {
  events: number;
  inMemory: number;
  spilled: number;
  heapBytesPerEvent: number | undefined;
  recordUsPerEvent: number;
  /** µs for a waitFor(since = now) answered by the next event, with `window` events held before it. */
  waitUs: { window: number; us: number }[];
}

const gc = (globalThis as { gc?: () => void }).gc;

export function measureTimeline(events: number): TimelineCost {
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const timeline = new Timeline();
  const t0 = performance.now();
  for (let i = 0; i < events; i++) timeline.record(event(i, i));
  const recordUsPerEvent = ((performance.now() - t0) * 1000) / events;
  gc?.();
  const heapBytesPerEvent = gc ? (process.memoryUsage().heapUsed - heap0) / timeline.inMemory : undefined;
  const cost: TimelineCost = { events, inMemory: timeline.inMemory, spilled: timeline.spilled, heapBytesPerEvent, recordUsPerEvent, waitUs: [] };
  timeline.close();
  // Below the bound, so that no spill is timed.
  for (const window of [1_000, 10_000, 40_000]) {
    const tl = new Timeline();
    for (let i = 0; i < window; i++) tl.record(event(i, i));
    const reps = 500;
    let waitMs = 0;
    for (let r = 0; r < reps; r++) {
      const since = window + r;
      tl.record(event(r, since));
      const w0 = performance.now();
      void tl.waitFor((e) => e.t >= since, { timeoutMs: 1000, since });
      waitMs += performance.now() - w0;
    }
    cost.waitUs.push({ window, us: (waitMs * 1000) / reps });
    tl.close();
  }
  return cost;
}
