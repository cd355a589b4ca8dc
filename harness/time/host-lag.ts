/**
 * How late a process's event loop ran: in the harness, every stamp of the timeline (a
 * gate's accept, a serial line's arrival) is taken when its loop gets to it, so its worst
 * delay bounds how wrong a stamp can be; in a virtual board, it is how late the board's
 * own timers fired (a real board's timers are exact to a few ms). Measured with Node's
 * event-loop delay histogram (libuv timer lateness) over a window that `reset` starts.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Resolution of the sampling timer, ms: lateness below it is not seen. */
const RESOLUTION_MS = 10;

export interface LagSample {
  /** Worst delay seen, wall ms. */
  maxMs: number;
  p99Ms: number;
}

export class HostLag {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.#histogram.enable();
  }

  /** Starts a new measurement window (a scenario's). */
  reset(): void {
    this.#histogram.reset();
  }

  sample(): LagSample {
    const h = this.#histogram;
    // The histogram counts in ns and includes the sampling period itself.
    const over = (ns: number) => (Number.isFinite(ns) && h.count > 0 ? Math.max(0, ns / 1e6 - RESOLUTION_MS) : 0);
    return { maxMs: over(h.max), p99Ms: over(h.percentile(99)) };
  }

  stop(): void {
    this.#histogram.disable();
  }
}
