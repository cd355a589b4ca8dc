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
 * So each line is timed by when it left the board, not by when its read arrived: an event
 * line by its own uptime, a log line by the nearest event line of its read (the same
 * stamp); a read without an event line is taken as on time.
 */
import type { EventLine } from './serial.ts';

/**
 * Harness ms by which a `connecting to` line may come *after* its gate accept. The serial
 * path (board process → pty → the harness's read) can hold a chunk back while neither
 * side's event loop is late: on a loaded 2-core host a chunk of five lines, from
 * `connecting to` to `connecting after`, arrived 70 ms after its accept at a measured lag
 * of 14 ms (time scale 20, where the pairing tolerance was 64 ms), and the unpaired line
 * became a phantom attempt that renumbered every later one. Pairs keep the order of both
 * streams (see `pairInOrder`), so this bound can be generous: a second of the host's time.
 * A read later than this is not corrected either (below): something other than delivery is wrong.
 */
export const SERIAL_LATE_MS = 1000;

/**
 * When each serial line left the board, host ms. An event line's own uptime gives it:
 * the boot's fastest delivery (smallest host ms − t ÷ time scale) plus t ÷ time scale. A
 * log line has no uptime of its own: it takes that of the nearest event line of its read
 * in the stream (a read can hold several attempts' lines: a chunk held back past the next
 * attempt at time scale 20 held two, and one stamp for both made a gap of 0 ms). A line
 * in a read without an event line keeps its read's stamp.
 */
export function serialSentTimes(events: readonly EventLine[], timeScale: number): (line: { t: number; seq: number }) => number {
  const stamped = events.filter((e) => typeof e.event.t === 'number' && Number.isFinite(e.event.t));
  // A reboot restarts the uptime: each boot is measured on its own.
  const boots: EventLine[][] = [];
  let last = Number.POSITIVE_INFINITY;
  for (const e of stamped) {
    const t = e.event.t as number;
    if (t < last - 1) boots.push([]);
    boots.at(-1)!.push(e);
    last = t;
  }
  const byRead = new Map<number, { seq: number; sent: number }[]>();
  for (const boot of boots) {
    const uptimeMs = (e: EventLine) => (e.event.t as number) / timeScale;
    const base = Math.min(...boot.map((e) => e.t - uptimeMs(e)));
    for (const e of boot) byRead.set(e.t, [...(byRead.get(e.t) ?? []), { seq: e.seq, sent: base + uptimeMs(e) }]);
  }
  return (line) => {
    const read = byRead.get(line.t);
    if (!read) return line.t;
    let nearest = read[0]!;
    for (const e of read) if (Math.abs(e.seq - line.seq) < Math.abs(nearest.seq - line.seq)) nearest = e;
    const late = line.t - nearest.sent;
    return late > 0 && late <= SERIAL_LATE_MS ? nearest.sent : line.t;
  };
}
