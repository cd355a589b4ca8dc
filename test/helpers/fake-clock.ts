/**
 * A DeviceClock for tests: time stands still until `advance` moves it, firing due timers
 * in order of their due time (then of scheduling), each at its own instant. Timers
 * scheduled while firing are honoured if they fall due within the advanced span.
 */
import type { DeviceClock, DeviceTimer } from '../../harness/virtual/device-clock.ts';

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Guards against a timer that keeps re-arming itself with delay 0. */
const MAX_FIRINGS_PER_ADVANCE = 100_000;

export class FakeClock implements DeviceClock {
  readonly scale = 1;
  #now = 0;
  #seq = 0;
  readonly #timers = new Set<PendingTimer>();

  now(): number {
    return this.#now;
  }

  after(ms: number, fn: () => void): DeviceTimer {
    const timer: PendingTimer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.add(timer);
    return { cancel: () => void this.#timers.delete(timer) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  advanceTo(target: number): void {
    if (target < this.#now) throw new RangeError(`FakeClock cannot go back from ${this.#now} to ${target}`);
    for (let fired = 0; ; fired++) {
      if (fired >= MAX_FIRINGS_PER_ADVANCE) {
        throw new Error(`FakeClock: more than ${MAX_FIRINGS_PER_ADVANCE} timers fired in one advance (a timer loop?) at t=${this.#now}`);
      }
      const next = this.#nextDue(target);
      if (next === undefined) break;
      this.#timers.delete(next);
      this.#now = next.at;
      next.fn();
    }
    this.#now = target;
  }

  /** Jumps to the earliest pending timer and fires it alone; false when none is pending. */
  step(): boolean {
    const next = this.#nextDue(Number.POSITIVE_INFINITY);
    if (next === undefined) return false;
    this.#timers.delete(next);
    this.#now = next.at;
    next.fn();
    return true;
  }

  /** Due time of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined {
    return this.#nextDue(Number.POSITIVE_INFINITY)?.at;
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  #nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.#timers) {
      if (t.at > limit) continue;
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
