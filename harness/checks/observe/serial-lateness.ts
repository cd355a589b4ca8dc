/**
 * How late each chunk of the board's serial stream reached the harness, measured from the
 * board's own clock. The test firmware stamps every `HIL {…}` event line with its uptime
 * (`t`, device ms); the harness stamps each read with its own clock. Within one boot the
 * difference (host ms − t ÷ time scale) is constant but for the delivery delay, so its
 * smallest value over the slice is the fastest delivery, and a line whose difference is
 * larger reached the harness that much later than it could have.
 *
 * Seen in a 32-board qualification (time scale 1): a chunk of four lines (`connecting to`,
 * its cloud event, `TCP connect error (111)`, `connecting after 2131 ms`) reached the
 * harness 619 ms late while the harness's own event loop was never more than 45 ms late;
 * the attempt's end, taken from that chunk since nothing listened on the port, made the
 * next gap 1521 ms and `backoff.schedule` failed a faithful board.
 *
 * Only lines of a chunk that holds an event line (the same stamp, one read) get a figure;
 * a chunk without one is taken as on time.
 */
import type { EventLine } from './serial.ts';

/** Lateness above this is not corrected: something other than delivery is wrong (the same bound as pairing's SERIAL_LATE_MS). */
export const MAX_CORRECTED_LATE_MS = 1000;

/** Per read stamp (host ms): how late that read's lines arrived, host ms. */
export function serialLateness(events: readonly EventLine[], timeScale: number): Map<number, number> {
  const stamped = events.filter((e) => typeof e.event.t === 'number' && Number.isFinite(e.event.t));
  // A reboot restarts the uptime: each boot is measured on its own.
  const boots: EventLine[][] = [];
  let last = Number.POSITIVE_INFINITY;
  for (const e of stamped) {
    const t = e.event.t as number;
    if (t < last - 1 || boots.length === 0) boots.push([]);
    boots.at(-1)!.push(e);
    last = t;
  }
  const late = new Map<number, number>();
  for (const boot of boots) {
    const offset = (e: EventLine) => e.t - (e.event.t as number) / timeScale;
    const base = Math.min(...boot.map(offset));
    for (const e of boot) {
      const l = offset(e) - base;
      // The least late event line of a read speaks for the read.
      late.set(e.t, Math.min(late.get(e.t) ?? Number.POSITIVE_INFINITY, l));
    }
  }
  return late;
}

/** `t` (a line's read stamp) moved back by its read's measured lateness, when there is a figure for it and it is believable. */
export function deliveredAt(late: ReadonlyMap<number, number>, t: number): number {
  const l = late.get(t);
  if (l === undefined || l <= 0 || l > MAX_CORRECTED_LATE_MS) return t;
  return t - l;
}
