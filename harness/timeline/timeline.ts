/**
 * The timeline: every event the harness observes, in the order it was recorded, stamped
 * with the one monotonic clock. Producers `record`; consumers query with `events`, follow
 * with `subscribe`, or `waitFor` a matching event with a deadline. A `waitFor` looks at
 * the history too (from `since`), so an event that happened just before the call is
 * not missed.
 */
import { type MonoMs, now as monotonicNow } from '../clock.ts';
import type { BrokerName, EventOf, TimelineEvent, TimelineKind } from './events.ts';
import { timelineEvent } from './events.ts';
import { formatEvent } from './format.ts';
import type { TimelineSink } from './jsonl-sink.ts';

export interface EventFilter<K extends TimelineKind = TimelineKind> {
  kind?: K | readonly K[];
  broker?: BrokerName;
  conn?: number;
  /** Only events with `t >= since`. */
  since?: MonoMs;
  /** Only events with `t <= until`. */
  until?: MonoMs;
}

export interface WaitOptions {
  timeoutMs: number;
  /** Consider only events stamped at or after this time; default: the whole history. */
  since?: MonoMs;
  /** What is awaited, in words, for the error message. */
  description?: string;
}

export type TimelineListener = (event: TimelineEvent) => void;

/** A `waitFor` deadline passed. Carries what was seen instead. */
export class TimelineTimeoutError extends Error {
  readonly seen: readonly TimelineEvent[];
  readonly timeoutMs: number;

  constructor(description: string, timeoutMs: number, seen: readonly TimelineEvent[], tailSize: number) {
    const tail = seen.slice(-tailSize);
    const header =
      `timed out after ${timeoutMs} ms waiting for ${description}; ` +
      (seen.length === 0
        ? 'no events were recorded in that window'
        : `${seen.length} event(s) seen instead, the last ${tail.length}:`);
    super([header, ...tail.map((e) => `  ${formatEvent(e)}`)].join('\n'));
    this.name = 'TimelineTimeoutError';
    this.seen = seen;
    this.timeoutMs = timeoutMs;
  }
}

export interface TimelineOptions {
  /** Receives each event as it is recorded (e.g. a JsonlSink). */
  sink?: TimelineSink;
  /** Clock for `now()`; defaults to harness/clock.ts. */
  clock?: () => MonoMs;
  /** How many recent events a TimelineTimeoutError lists (default 20). */
  errorTail?: number;
}

/** Events without `t`: `record` stamps them. */
export type UnstampedEvent = TimelineEvent extends infer E ? (E extends TimelineEvent ? Omit<E, 't'> : never) : never;

export class Timeline {
  private readonly all: TimelineEvent[] = [];
  private readonly listeners = new Set<TimelineListener>();
  private readonly sink: TimelineSink | undefined;
  private readonly clock: () => MonoMs;
  private readonly errorTail: number;

  constructor(options: TimelineOptions = {}) {
    this.sink = options.sink;
    this.clock = options.clock ?? monotonicNow;
    this.errorTail = options.errorTail ?? 20;
  }

  now(): MonoMs {
    return this.clock();
  }

  get size(): number {
    return this.all.length;
  }

  /** Validates, stores, writes to the sink and notifies subscribers. Returns the stored event. */
  record(event: TimelineEvent): TimelineEvent {
    const parsed = timelineEvent.safeParse(event);
    if (!parsed.success) {
      throw new Error(`refusing to record an invalid ${String(event.kind)} event: ${parsed.error.message}`);
    }
    const stored = parsed.data;
    this.all.push(stored);
    if (this.sink) {
      try {
        this.sink.write(stored);
      } catch (err) {
        process.emitWarning(`timeline sink failed to write a ${stored.kind} event: ${(err as Error).message}`);
      }
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(stored);
      } catch (err) {
        process.emitWarning(`timeline listener threw on a ${stored.kind} event: ${(err as Error).stack ?? err}`);
      }
    }
    return stored;
  }

  /** Stamps `event` with the current time and records it. */
  stamp(event: UnstampedEvent): TimelineEvent {
    return this.record({ ...event, t: this.clock() } as TimelineEvent);
  }

  events<K extends TimelineKind = TimelineKind>(
    filter: EventFilter<K> = {},
    where?: (event: EventOf<K>) => boolean,
  ): EventOf<K>[] {
    const test = compileFilter(filter);
    const out: EventOf<K>[] = [];
    for (const e of this.all) {
      if (test(e) && (!where || where(e as EventOf<K>))) out.push(e as EventOf<K>);
    }
    return out;
  }

  /** Calls `listener` for every event recorded from now on; returns the unsubscribe function. */
  subscribe(listener: TimelineListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Resolves with the first event (at or after `since`) matching `predicate`, already
   * recorded or yet to come; rejects with a TimelineTimeoutError after `timeoutMs`.
   */
  waitFor<E extends TimelineEvent>(predicate: (e: TimelineEvent) => e is E, options: WaitOptions): Promise<E>;
  waitFor(predicate: (e: TimelineEvent) => boolean, options: WaitOptions): Promise<TimelineEvent>;
  waitFor(predicate: (e: TimelineEvent) => boolean, options: WaitOptions): Promise<TimelineEvent> {
    const since = options.since ?? Number.NEGATIVE_INFINITY;
    const description = options.description ?? (predicate.name ? `an event matching ${predicate.name}` : 'a matching event');
    const earlier = this.all.find((e) => e.t >= since && predicate(e));
    if (earlier) return Promise.resolve(earlier);
    return new Promise<TimelineEvent>((resolve, reject) => {
      const unsubscribe = this.subscribe((e) => {
        if (e.t >= since && predicate(e)) {
          clearTimeout(timer);
          unsubscribe();
          resolve(e);
        }
      });
      const timer = setTimeout(() => {
        unsubscribe();
        const seen = this.all.filter((e) => e.t >= since);
        reject(new TimelineTimeoutError(description, options.timeoutMs, seen, this.errorTail));
      }, options.timeoutMs);
    });
  }

  /** Stops the sink (closing its file). Recording after close still works in memory. */
  close(): void {
    this.sink?.close();
  }
}

function compileFilter(filter: EventFilter): (e: TimelineEvent) => boolean {
  const kinds =
    filter.kind === undefined ? undefined : new Set<string>(typeof filter.kind === 'string' ? [filter.kind] : filter.kind);
  return (e) => {
    if (kinds && !kinds.has(e.kind)) return false;
    if (filter.broker !== undefined && (!('broker' in e) || e.broker !== filter.broker)) return false;
    if (filter.conn !== undefined && (!('conn' in e) || e.conn !== filter.conn)) return false;
    if (filter.since !== undefined && e.t < filter.since) return false;
    if (filter.until !== undefined && e.t > filter.until) return false;
    return true;
  };
}
