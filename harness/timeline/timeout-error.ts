/**
 * A `waitFor` deadline passed. Its first line is whole — a reason line quotes only that —
 * and leads with the cause when the events seen hold one: a serial port that vanished
 * while the wait was on (the link says so as a line, SerialLink's `PORT_VANISHED_REASON`),
 * so "waited in vain" on a killed board names the port, not the count of events.
 */
import { PORT_VANISHED_REASON } from '../serial/errors.ts';
import type { EventOf, TimelineEvent } from './events.ts';
import { formatEvent } from './format.ts';

export class TimelineTimeoutError extends Error {
  override name = 'TimelineTimeoutError';
  /** The last events seen in the window (at most the timeline's `errorTail`), oldest first. */
  readonly seen: readonly TimelineEvent[];
  /** How many events were seen in the window in all. */
  readonly seenCount: number;
  readonly timeoutMs: number;
  /** The serial line that says a port vanished during the wait, if one did. */
  readonly vanished: EventOf<'serial'> | undefined;

  constructor(description: string, timeoutMs: number, seen: readonly TimelineEvent[], seenCount = seen.length, vanished?: EventOf<'serial'>) {
    const last = seen.at(-1);
    const cause = vanished ? `the serial port of board ${vanished.board} vanished at +${vanished.t.toFixed(1)} ms (${String(vanished.line.reason)}); ` : '';
    const header =
      `timed out after ${timeoutMs} ms waiting for ${description}; ${cause}` +
      (last === undefined ? 'no events were recorded in that window' : `${seenCount} event(s) seen instead, the last: ${formatEvent(last).trim()}`);
    const list = seen.length > 1 ? [`the last ${seen.length}:`, ...seen.map((e) => `  ${formatEvent(e)}`)] : [];
    super([header, ...list].join('\n'));
    this.seen = seen;
    this.seenCount = seenCount;
    this.timeoutMs = timeoutMs;
    this.vanished = vanished;
  }
}

/** Whether `e` is the line a SerialLink gives when its port vanishes. */
export function isPortVanished(e: TimelineEvent): e is EventOf<'serial'> {
  return e.kind === 'serial' && e.line.type === 'noise' && String(e.line.reason ?? '').startsWith(PORT_VANISHED_REASON);
}
