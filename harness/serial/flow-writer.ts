/**
 * Writes to a board the way it can take it: ASCII only, paused while the device has sent
 * XOFF (until XON, or until `xoffMaxPauseMs` passes: a board that rebooted meanwhile never
 * sends XON), and optionally in small chunks with gaps, as mos does for boards without
 * hardware flow control. Writes go out one after another, in call order.
 */
import { type MonoMs, now } from '../clock.ts';
import { NonAsciiWriteError } from './errors.ts';
import type { FlowSignal } from './line-splitter.ts';

export interface WriteChunking {
  size: number;
  gapMs: number;
}

/** What mos uses at 115200 without hardware flow control. */
export const MOS_CHUNKING: WriteChunking = { size: 16, gapMs: 5 };
export const DEFAULT_XOFF_MAX_PAUSE_MS = 2000;

export type FlowEvent =
  | { t: MonoMs; state: 'paused' | 'resumed' }
  /** No XON came within the bound; writing resumed anyway. */
  | { t: MonoMs; state: 'pause-expired'; pausedMs: number };

export interface FlowWriterOptions {
  path: string;
  /** Puts bytes on the wire; resolves once they are handed to the OS. */
  sink: (bytes: Buffer) => Promise<void>;
  chunking?: WriteChunking | false;
  xoffMaxPauseMs?: number;
  onFlow?: (event: FlowEvent) => void;
  clock?: () => MonoMs;
}

interface PendingWrite {
  bytes: Buffer;
  resolve: () => void;
  reject: (err: Error) => void;
}

export function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

export class FlowWriter {
  readonly #options: FlowWriterOptions;
  readonly #clock: () => MonoMs;
  readonly #queue: PendingWrite[] = [];
  #pumping = false;
  #closedBy: Error | undefined;
  #pausedAt: MonoMs | undefined;
  /** Wakes the pump waiting for XON, a chunk gap, or the pause bound. */
  #wake: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Settles when the writer closes, so a sink that never answers cannot hold the queue. */
  readonly #closed: Promise<void>;
  #markClosed!: () => void;

  constructor(options: FlowWriterOptions) {
    this.#options = options;
    this.#clock = options.clock ?? now;
    this.#closed = new Promise<void>((resolve) => {
      this.#markClosed = resolve;
    });
  }

  get paused(): boolean {
    return this.#pausedAt !== undefined;
  }

  write(data: Uint8Array | string): Promise<void> {
    if (typeof data === 'string') {
      const offset = data.search(/[^\x00-\x7f]/);
      if (offset >= 0) return Promise.reject(new NonAsciiWriteError(this.#options.path, offset, data.charCodeAt(offset)));
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
    const bad = firstNonAscii(bytes);
    if (bad >= 0) return Promise.reject(new NonAsciiWriteError(this.#options.path, bad, bytes[bad]!));
    if (this.#closedBy) return Promise.reject(this.#closedBy);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ bytes, resolve, reject });
      if (!this.#pumping) void this.#pump();
    });
  }

  /** Feed the device's flow-control bytes, in arrival order. */
  onFlowSignal(signal: FlowSignal): void {
    const t = this.#clock();
    if (signal === 'xoff') {
      if (this.#pausedAt === undefined) {
        this.#pausedAt = t;
        this.#options.onFlow?.({ t, state: 'paused' });
      }
      return;
    }
    if (this.#pausedAt === undefined) return;
    this.#pausedAt = undefined;
    this.#options.onFlow?.({ t, state: 'resumed' });
    this.#wakeUp();
  }

  /** Rejects every queued write with `reason` and stops all timers. */
  close(reason: Error): void {
    this.#closedBy ??= reason;
    this.#markClosed();
    this.#wakeUp();
    for (const pending of this.#queue.splice(0)) pending.reject(this.#closedBy);
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      for (let item = this.#queue.shift(); item; item = this.#queue.shift()) {
        try {
          await this.#send(item.bytes);
          item.resolve();
        } catch (err) {
          item.reject(err as Error);
        }
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #send(bytes: Buffer): Promise<void> {
    const chunking = this.#options.chunking || undefined;
    const size = chunking ? chunking.size : bytes.length || 1;
    for (let offset = 0; offset < bytes.length; offset += size) {
      if (offset > 0 && chunking) await this.#sleep(chunking.gapMs);
      await this.#waitWhilePaused();
      this.#throwIfClosed();
      const sent = this.#options.sink(bytes.subarray(offset, offset + size));
      // If close wins the race, the write's own failure (if any) is superseded by the close
      // reason, which is what the caller gets; the handler only keeps it from going unhandled.
      sent.catch(() => undefined);
      await Promise.race([sent, this.#closed]);
      this.#throwIfClosed();
    }
  }

  async #waitWhilePaused(): Promise<void> {
    const max = this.#options.xoffMaxPauseMs ?? DEFAULT_XOFF_MAX_PAUSE_MS;
    // Each round ends with XON, a new XOFF or the bound, so the count only guards against a stuck clock.
    for (let round = 0; round < 10_000 && this.#pausedAt !== undefined && !this.#closedBy; round++) {
      const left = this.#pausedAt + max - this.#clock();
      if (left <= 0) {
        const pausedMs = this.#clock() - this.#pausedAt;
        this.#pausedAt = undefined;
        this.#options.onFlow?.({ t: this.#clock(), state: 'pause-expired', pausedMs });
        return;
      }
      await this.#sleep(left);
    }
  }

  #throwIfClosed(): void {
    if (this.#closedBy) throw this.#closedBy;
  }

  /** Sleeps until `ms` passed, XON arrived or the writer closed, whichever is first. */
  #sleep(ms: number): Promise<void> {
    if (this.#closedBy) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(() => this.#wakeUp(), ms);
    });
  }

  #wakeUp(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
