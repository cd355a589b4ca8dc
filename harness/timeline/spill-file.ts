/**
 * Where a timeline puts the events it no longer keeps in memory: one JSONL file, appended
 * in batches and read back in order, a chunk at a time, so reading a long run's file
 * back needs memory only for what the reader keeps.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { dirname, join } from 'node:path';
import type { TimelineEvent } from './events.ts';

const READ_CHUNK_BYTES = 1 << 20;

export class SpillFile {
  readonly path: string;
  #fd: number | undefined;
  readonly #ownDir: string | undefined;
  #count = 0;

  /** `path` given: appended to (and kept); none: a fresh file in the OS temp folder, removed by `remove()`. */
  constructor(path?: string) {
    if (path) {
      this.path = path;
    } else {
      this.#ownDir = mkdtempSync(join(tmpdir(), 'hil-timeline-'));
      this.path = join(this.#ownDir, 'spilled.jsonl');
    }
    this.#fd = openSync(this.path, 'w+');
  }

  /** How many events were written. */
  get count(): number {
    return this.#count;
  }

  append(events: readonly TimelineEvent[]): void {
    if (this.#fd === undefined) throw new Error(`timeline spill file ${this.path} is closed; cannot keep ${events.length} older event(s)`);
    writeSync(this.#fd, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    this.#count += events.length;
  }

  /**
   * Calls `visit` for each event in the order written. `quick` may reject a line before it
   * is parsed (a cheap text test: the file was written by us, as `{"kind":"…",`).
   * `visit` returns false to stop.
   */
  scan(visit: (event: TimelineEvent) => boolean | undefined, quick?: (line: string) => boolean): void {
    if (this.#fd === undefined) throw new Error(`timeline spill file ${this.path} is closed; older events cannot be read back`);
    const buffer = Buffer.alloc(READ_CHUNK_BYTES);
    let position = 0;
    let rest = '';
    // A chunk may end inside a multi-byte character: the decoder keeps it for the next.
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const n = readSync(this.#fd, buffer, 0, buffer.length, position);
      if (n === 0) return;
      position += n;
      const lines = (rest + decoder.write(buffer.subarray(0, n))).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '' || (quick && !quick(line))) continue;
        if (visit(JSON.parse(line) as TimelineEvent) === false) return;
      }
    }
  }

  /** Closes the file; a file of our own making is deleted with its folder. */
  remove(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    if (this.#ownDir) rmSync(dirname(this.path), { recursive: true, force: true });
  }
}
