/**
 * Appends each timeline event to a JSONL file. The file is the evidence when a run
 * crashes, so writes are synchronous, but batched: the events of one turn of the event
 * loop go out together right after it (setImmediate), not one write(2) each on the path
 * that stamps them (a gate's packet, a serial line). What a crash can lose is that one
 * turn: `close` and the process's `exit` (an uncaught exception included) flush it; only
 * SIGKILL in the middle of a turn does not.
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type TimelineEvent, timelineEvent } from './events.ts';

export interface TimelineSink {
  write(event: TimelineEvent): void;
  close(): void;
}

export class JsonlSink implements TimelineSink {
  readonly path: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private flushing: NodeJS.Immediate | undefined;
  private readonly onExit = () => this.flush();

  /** Opens (creating folders as needed) and appends to `path`. */
  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
    process.once('exit', this.onExit);
  }

  write(event: TimelineEvent): void {
    if (this.fd === undefined) throw new Error(`JSONL sink ${this.path} is closed; cannot write ${event.kind}`);
    this.pending.push(`${JSON.stringify(event)}\n`);
    this.flushing ??= setImmediate(() => this.flush());
  }

  /** Writes what is pending now. */
  flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
    if (this.fd === undefined || this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    process.off('exit', this.onExit);
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Reads a JSONL timeline back, validating every line; errors name the file and line. */
export function readJsonl(path: string): TimelineEvent[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const events: TimelineEvent[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw new Error(`${path}:${index + 1}: not JSON (${(err as Error).message})`);
    }
    const parsed = timelineEvent.safeParse(raw);
    if (!parsed.success) throw new Error(`${path}:${index + 1}: not a timeline event: ${parsed.error.message}`);
    events.push(parsed.data);
  });
  return events;
}
