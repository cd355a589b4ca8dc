/**
 * Turns the raw byte stream from a board into lines. The device's software flow control
 * bytes (XON/XOFF) are taken out of the stream and reported separately, because the
 * writer must pause after XOFF. Memory is bounded: a line longer than `maxLineBytes` is
 * cut, emitted as truncated, and the rest of it is dropped up to the next `\n`.
 */
import type { MonoMs } from '../clock.ts';

export const XON = 0x11;
export const XOFF = 0x13;
const LF = 0x0a;
const CR = 0x0d;

export const DEFAULT_MAX_LINE_BYTES = 8 * 1024;

/** One line as it came off the wire, before classification. */
export interface RawLine {
  /**
   * When the line's end arrived: the arrival of the chunk that completed (or cut) it, less
   * the time the bytes after its `\n` in that chunk took on the wire (`msPerByte`; 0 on a
   * pty). Those bytes were still being sent when the line had ended, so this is the latest
   * the line can have arrived, and no earlier than it did if the board sent them back to back.
   */
  t: MonoMs;
  /** The line's bytes without the `\n` (and without a trailing `\r`), flow bytes removed. */
  bytes: Buffer;
  /** The line exceeded the limit: `bytes` is its first `maxLineBytes`, the rest was dropped. */
  truncated: boolean;
  /** The stream ended (port closed) before the line's `\n` arrived. */
  unterminated: boolean;
}

export type FlowSignal = 'xon' | 'xoff';

export interface SplitResult {
  lines: RawLine[];
  /** Flow-control bytes in the order they arrived; the last one is the device's current wish. */
  flow: FlowSignal[];
}

export interface LineSplitterOptions {
  maxLineBytes?: number;
}

export class LineSplitter {
  readonly maxLineBytes: number;
  #pieces: Buffer[] = [];
  #size = 0;
  /** After a cut: drop bytes until the next `\n`. */
  #discarding = false;

  constructor(options: LineSplitterOptions = {}) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isInteger(max) || max < 16) {
      throw new RangeError(`LineSplitter: maxLineBytes must be an integer >= 16, got ${max}`);
    }
    this.maxLineBytes = max;
  }

  /** Bytes held for the current unfinished line; never more than `maxLineBytes`. */
  get bufferedBytes(): number {
    return this.#size;
  }

  /**
   * `t`: when the chunk was read; `msPerByte`: a byte's time on the wire (10 bits at the
   * baud rate for a UART; 0 where there is no wire, a pty), to stamp each line at its own end.
   */
  push(chunk: Uint8Array, t: MonoMs, msPerByte = 0): SplitResult {
    const result: SplitResult = { lines: [], flow: [] };
    let segmentStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== LF && byte !== XON && byte !== XOFF) continue;
      this.#append(chunk.subarray(segmentStart, i), t, result);
      segmentStart = i + 1;
      if (byte === LF) this.#endLine((t - (chunk.length - 1 - i) * msPerByte) as MonoMs, result);
      else result.flow.push(byte === XON ? 'xon' : 'xoff');
    }
    this.#append(chunk.subarray(segmentStart), t, result);
    return result;
  }

  /** Emits what is left of an unfinished line (call when the stream ends). */
  flush(t: MonoMs): RawLine | undefined {
    if (this.#discarding || this.#size === 0) {
      this.#reset();
      return undefined;
    }
    const line = this.#take(t, false);
    line.unterminated = true;
    return line;
  }

  #append(segment: Uint8Array, t: MonoMs, result: SplitResult): void {
    if (segment.length === 0 || this.#discarding) return;
    const room = this.maxLineBytes - this.#size;
    if (segment.length <= room) {
      // Copy: the reader's buffer may be a slice of a large pool we must not keep alive.
      this.#pieces.push(Buffer.from(segment));
      this.#size += segment.length;
      return;
    }
    if (room > 0) this.#pieces.push(Buffer.from(segment.subarray(0, room)));
    this.#size += room;
    result.lines.push(this.#take(t, true));
    this.#discarding = true;
  }

  #endLine(t: MonoMs, result: SplitResult): void {
    if (this.#discarding) {
      this.#discarding = false;
      return;
    }
    result.lines.push(this.#take(t, false));
  }

  #take(t: MonoMs, truncated: boolean): RawLine {
    let bytes = this.#pieces.length === 1 ? this.#pieces[0]! : Buffer.concat(this.#pieces, this.#size);
    if (!truncated && bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    this.#reset();
    return { t, bytes, truncated, unterminated: false };
  }

  #reset(): void {
    this.#pieces = [];
    this.#size = 0;
    this.#discarding = false;
  }
}
