/**
 * The virtual board's sense of time. Device time runs `scale` times faster than wall
 * time (scale 10: a 2 s backoff takes 200 ms), so CI can verify whole schedules quickly;
 * the harness knows the scale and converts. Device time is uptime in ms since boot.
 */
export interface DeviceTimer {
  cancel(): void;
}

export interface DeviceClock {
  /** Uptime in device milliseconds. */
  now(): number;
  /** Runs `fn` after `ms` device milliseconds. */
  after(ms: number, fn: () => void): DeviceTimer;
  readonly scale: number;
}

export class ScaledClock implements DeviceClock {
  readonly #bootWall = performance.now();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(readonly scale: number) {
    if (!(scale > 0) || !Number.isFinite(scale)) {
      throw new RangeError(`time scale must be a positive number, got ${scale}`);
    }
  }

  now(): number {
    return (performance.now() - this.#bootWall) * this.scale;
  }

  after(ms: number, fn: () => void): DeviceTimer {
    const handle = setTimeout(() => {
      this.#timers.delete(handle);
      fn();
    }, Math.max(0, ms / this.scale));
    this.#timers.add(handle);
    return {
      cancel: () => {
        clearTimeout(handle);
        this.#timers.delete(handle);
      },
    };
  }

  /** Cancels every pending timer (a reboot: nothing of the old run may fire). */
  cancelAll(): void {
    for (const h of this.#timers) clearTimeout(h);
    this.#timers.clear();
  }
}
