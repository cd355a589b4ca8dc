/**
 * Holds items until their release time, in order: an item never overtakes one queued
 * before it, as bytes on a TCP stream cannot. One timer at most, for the head.
 */
import type { MonoMs } from '../clock.ts';

/** Timers fire on whole milliseconds; release what is due within this margin. */
const TIMER_SLACK_MS = 0.5;

export class ReleaseQueue<T> {
  private items: Array<{ item: T; at: MonoMs }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly clock: () => MonoMs,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** Delivers at once when nothing is held and there is no delay; otherwise queues. */
  push(item: T, delayMs = 0): void {
    const last = this.items.at(-1);
    if (!last && delayMs <= 0) {
      this.deliver(item);
      return;
    }
    const at = Math.max(this.clock() + Math.max(0, delayMs), last?.at ?? 0);
    this.items.push({ item, at });
    this.arm();
  }

  /** Queues `item` `gapMs` after the last one held (or after now, if none): pieces of one write spaced out. */
  pushAfterLast(item: T, gapMs: number): void {
    const from = Math.max(this.clock(), this.items.at(-1)?.at ?? 0);
    this.items.push({ item, at: from + Math.max(0, gapMs) });
    this.arm();
  }

  /** Delivers everything held, now, in order. */
  flush(): void {
    this.disarm();
    while (this.items.length > 0) this.deliver(this.items.shift()!.item);
  }

  /** Forgets everything held. */
  clear(): void {
    this.disarm();
    this.items = [];
  }

  private arm(): void {
    if (this.timer || this.items.length === 0) return;
    const wait = Math.max(0, Math.ceil(this.items[0]!.at - this.clock()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.releaseDue();
    }, wait);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private releaseDue(): void {
    while (this.items.length > 0 && this.items[0]!.at <= this.clock() + TIMER_SLACK_MS) {
      this.deliver(this.items.shift()!.item);
    }
    this.arm();
  }
}
