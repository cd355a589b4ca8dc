/**
 * The test firmware's `HIL {…}` event lines as the timeline holds them. A timeline event's
 * serial line is stored loosely typed (it is plain JSON, read back from files as well), so
 * the typed event is reached here, once, rather than by a cast at every use.
 */
import type { HilEvent } from '../contract/hil.ts';
import type { TimelineEvent } from './events.ts';

/** The HIL event a timeline event carries, when it is a board's `HIL {…}` line. */
export function hilEventOf(e: TimelineEvent): HilEvent | undefined {
  if (e.kind !== 'serial' || e.line.type !== 'event') return undefined;
  return (e.line as { event?: HilEvent }).event;
}

/** Whether `e` is a `HIL {"ev": ev, …}` line for which `match` holds. */
export function isHilEvent<K extends HilEvent['ev']>(e: TimelineEvent, ev: K, match: (event: Extract<HilEvent, { ev: K }>) => boolean = () => true): boolean {
  const event = hilEventOf(e);
  return event?.ev === ev && match(event as Extract<HilEvent, { ev: K }>);
}
