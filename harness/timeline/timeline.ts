/**
 * The timeline: every event the harness observes, in the order it was recorded, stamped
 * with the one monotonic clock. Producers `record`; consumers query with `events`, follow
 * with `subscribe`, or `waitFor` a matching event with a deadline. A `waitFor` looks at
 * the history too (from `since`), so an event that happened just before the call is
 * not missed.
 *
 * Memory is bounded: at most `maxInMemory` events are held (default 50 000, some 16 MiB);
 * beyond that the oldest quarter is written to a spill file (JSONL, in the OS temp folder
 * unless `spillPath` is given; removed on `close()` when it is ours) and dropped from
 * memory. Nothing is lost: a query or a `waitFor` whose range reaches back into spilled
 * events reads them back from the file, in order, before the ones in memory — slower
 * (the file is scanned), but the same answer. Scenarios query from their own start,
 * which is nearly always still in memory. `size` counts every event ever recorded.
 */
import { type MonoMs, now as monotonicNow } from '../clock.ts';
import type { BrokerName, EventOf, TimelineEvent, TimelineKind } from './events.ts';
import { timelineEvent } from './events.ts';
import type { TimelineSink } from './jsonl-sink.ts';
import { SpillFile } from './spill-file.ts';
import { isPortVanished, TimelineTimeoutError } from './timeout-error.ts';

export { TimelineTimeoutError } from './timeout-error.ts';

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

export const DEFAULT_MAX_IN_MEMORY = 50_000;

export interface TimelineOptions {
  /** Receives each event as it is recorded (e.g. a JsonlSink). */
  sink?: TimelineSink;
  /** Clock for `now()`; defaults to harness/clock.ts. */
  clock?: () => MonoMs;
  /** How many recent events a TimelineTimeoutError lists (default 20). */
  errorTail?: number;
  /** Most events held in memory (default DEFAULT_MAX_IN_MEMORY); older ones are spilled to a file. */
  maxInMemory?: number;
  /** The spill file (default: one of our own in the OS temp folder, deleted on close). */
  spillPath?: string;
}

/** Events without `t`: `record` stamps them. */
export type UnstampedEvent = TimelineEvent extends infer E ? (E extends TimelineEvent ? Omit<E, 't'> : never) : never;

export class Timeline {
  #window: TimelineEvent[] = [];
  #spill: SpillFile | undefined;
  /** The range of stamps among spilled events: a query outside it needs no file. */
  #spilledMinT = Number.POSITIVE_INFINITY;
  #spilledMaxT = Number.NEGATIVE_INFINITY;
  #total = 0;
  /** Every event in the window stamped no earlier than the one before: `since` is then found by bisection. */
  #ordered = true;
  readonly #listeners = new Set<TimelineListener>();
  readonly #sink: TimelineSink | undefined;
  readonly #clock: () => MonoMs;
  readonly #errorTail: number;
  readonly #maxInMemory: number;
  readonly #spillPath: string | undefined;

  constructor(options: TimelineOptions = {}) {
    this.#sink = options.sink;
    this.#clock = options.clock ?? monotonicNow;
    this.#errorTail = options.errorTail ?? 20;
    this.#maxInMemory = Math.max(4, options.maxInMemory ?? DEFAULT_MAX_IN_MEMORY);
    this.#spillPath = options.spillPath;
  }

  now(): MonoMs {
    return this.#clock();
  }

  /** Every event recorded so far, in memory or spilled. */
  get size(): number {
    return this.#total;
  }

  /** Events held in memory now (at most `maxInMemory`). */
  get inMemory(): number {
    return this.#window.length;
  }

  /** Events written to the spill file and dropped from memory. */
  get spilled(): number {
    return this.#spill?.count ?? 0;
  }

  /** The spill file, once there is one. */
  get spillPath(): string | undefined {
    return this.#spill?.path;
  }

  /** Validates, stores, writes to the sink and notifies subscribers. Returns the stored event. */
  record(event: TimelineEvent): TimelineEvent {
    const parsed = timelineEvent.safeParse(event);
    if (!parsed.success) {
      throw new Error(`refusing to record an invalid ${String(event.kind)} event: ${parsed.error.message}`);
    }
    return this.#store(parsed.data);
  }

  /**
   * Stamps `event` with the current time (or `t`, read where it happened) and records it. The harness's own producers (the
   * gates, on every packet) come this way with events the type system has checked: they
   * are not validated again, which kept a schema parse (~13 % of a gate's CPU) off the
   * path that stamps. Anything from outside (a control API body, a parsed line) goes
   * through `record`, which validates.
   */
  stamp(event: UnstampedEvent, t: MonoMs = this.#clock()): TimelineEvent {
    return this.#store({ ...event, t } as TimelineEvent);
  }

  #store(stored: TimelineEvent): TimelineEvent {
    const last = this.#window.at(-1);
    if (last !== undefined && stored.t < last.t) this.#ordered = false;
    this.#window.push(stored);
    this.#total++;
    if (this.#window.length > this.#maxInMemory) this.#spillOldest();
    if (this.#sink) {
      try {
        this.#sink.write(stored);
      } catch (err) {
        process.emitWarning(`timeline sink failed to write a ${stored.kind} event: ${(err as Error).message}`);
      }
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(stored);
      } catch (err) {
        process.emitWarning(`timeline listener threw on a ${stored.kind} event: ${(err as Error).stack ?? err}`);
      }
    }
    return stored;
  }

  events<K extends TimelineKind = TimelineKind>(
    filter: EventFilter<K> = {},
    where?: (event: EventOf<K>) => boolean,
  ): EventOf<K>[] {
    const out: EventOf<K>[] = [];
    this.#each(filter, (e) => {
      if (!where || where(e as EventOf<K>)) out.push(e as EventOf<K>);
    });
    return out;
  }

  /** Calls `listener` for every event recorded from now on; returns the unsubscribe function. */
  subscribe(listener: TimelineListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Resolves with the first event (at or after `since`) matching `predicate`, already
   * recorded or yet to come; rejects with a TimelineTimeoutError after `timeoutMs`. The
   * predicate sees each event once, in order (predicates may count).
   */
  waitFor<E extends TimelineEvent>(predicate: (e: TimelineEvent) => e is E, options: WaitOptions): Promise<E>;
  waitFor(predicate: (e: TimelineEvent) => boolean, options: WaitOptions): Promise<TimelineEvent>;
  waitFor(predicate: (e: TimelineEvent) => boolean, options: WaitOptions): Promise<TimelineEvent> {
    const since = options.since ?? Number.NEGATIVE_INFINITY;
    const description = options.description ?? (predicate.name ? `an event matching ${predicate.name}` : 'a matching event');
    let earlier: TimelineEvent | undefined;
    this.#each({ since }, (e) => {
      if (!predicate(e)) return true;
      earlier = e;
      return false;
    });
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
        reject(this.#timeout(description, options.timeoutMs, since));
      }, options.timeoutMs);
    });
  }

  /** Closes the sink and removes a spill file of our own. Recording after close still works in memory, up to the bound. */
  close(): void {
    this.#sink?.close();
    this.#spill?.remove();
    this.#spill = undefined;
    this.#spilledMinT = Number.POSITIVE_INFINITY;
    this.#spilledMaxT = Number.NEGATIVE_INFINITY;
  }

  /** What was seen since `since`, counted without holding it: the tail, the count, a vanished port. */
  #timeout(description: string, timeoutMs: number, since: MonoMs): TimelineTimeoutError {
    const tail: TimelineEvent[] = [];
    let count = 0;
    let vanished: EventOf<'serial'> | undefined;
    this.#each({ since }, (e) => {
      count++;
      tail.push(e);
      if (tail.length > this.#errorTail) tail.shift();
      if (!vanished && isPortVanished(e)) vanished = e;
    });
    return new TimelineTimeoutError(description, timeoutMs, tail, count, vanished);
  }

  /** Visits the events matching `filter` in record order, spilled ones first; `visit` returns false to stop. */
  #each(filter: EventFilter, visit: (e: TimelineEvent) => unknown): void {
    const test = compileFilter(filter);
    let stopped = false;
    const spillInRange =
      this.#spill !== undefined &&
      (filter.since === undefined || filter.since <= this.#spilledMaxT) &&
      (filter.until === undefined || filter.until >= this.#spilledMinT);
    if (spillInRange) {
      const kinds = filter.kind === undefined ? undefined : (typeof filter.kind === 'string' ? [filter.kind] : filter.kind).map((k) => `"kind":"${k}"`);
      this.#spill!.scan(
        (e) => {
          if (!test(e)) return true;
          stopped = visit(e) === false;
          return !stopped;
        },
        kinds && ((line) => kinds.some((k) => line.includes(k))),
      );
    }
    if (stopped) return;
    // A wait from now costs the events since `since`, not the whole window before them.
    const window = this.#window;
    for (let i = filter.since !== undefined && this.#ordered ? firstAtOrAfter(window, filter.since) : 0; i < window.length; i++) {
      const e = window[i]!;
      if (test(e) && visit(e) === false) return;
    }
  }

  #spillOldest(): void {
    const batch = this.#window.splice(0, Math.ceil(this.#maxInMemory / 4));
    // Out-of-order stamps may have left with the batch (once per spill, amortised).
    this.#ordered = this.#window.every((e, i, w) => i === 0 || e.t >= w[i - 1]!.t);
    this.#spill ??= new SpillFile(this.#spillPath);
    this.#spill.append(batch);
    for (const e of batch) {
      if (e.t < this.#spilledMinT) this.#spilledMinT = e.t;
      if (e.t > this.#spilledMaxT) this.#spilledMaxT = e.t;
    }
  }
}

/** The index of the first event of an ordered window stamped at or after `t` (its length if none). */
function firstAtOrAfter(window: readonly TimelineEvent[], t: MonoMs): number {
  let lo = 0;
  let hi = window.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (window[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
