/** The last N classified lines of a port, oldest first, in a fixed-size ring. */
import type { MonoMs } from '../clock.ts';
import type { SerialLine } from './serial-line.ts';

export const DEFAULT_HISTORY_LIMIT = 5000;

export class LineHistory {
  readonly limit: number;
  readonly #ring: (SerialLine | undefined)[];
  #next = 0;
  #size = 0;

  constructor(limit = DEFAULT_HISTORY_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`LineHistory: limit must be a positive integer, got ${limit}`);
    this.limit = limit;
    this.#ring = new Array(limit);
  }

  get size(): number {
    return this.#size;
  }

  push(line: SerialLine): void {
    this.#ring[this.#next] = line;
    this.#next = (this.#next + 1) % this.limit;
    this.#size = Math.min(this.#size + 1, this.limit);
  }

  /** The last `n` lines, oldest first. */
  tail(n: number): SerialLine[] {
    const count = Math.max(0, Math.min(n, this.#size));
    const out: SerialLine[] = [];
    for (let i = count; i > 0; i--) out.push(this.#ring[(this.#next - i + this.limit) % this.limit]!);
    return out;
  }

  /** Lines stamped at or after `t`, oldest first (only those still held). */
  since(t: MonoMs): SerialLine[] {
    const all = this.tail(this.#size);
    let first = all.length;
    while (first > 0 && all[first - 1]!.t >= t) first--;
    return all.slice(first);
  }

  toArray(): SerialLine[] {
    return this.tail(this.#size);
  }
}
