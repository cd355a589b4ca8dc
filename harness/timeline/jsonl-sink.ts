/**
 * Appends each timeline event to a JSONL file the moment it is recorded. Writes are
 * synchronous on purpose: the file is the evidence when a run crashes, so an event that
 * was recorded must already be on disk.
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

  /** Opens (creating folders as needed) and appends to `path`. */
  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  write(event: TimelineEvent): void {
    if (this.fd === undefined) throw new Error(`JSONL sink ${this.path} is closed; cannot write ${event.kind}`);
    writeSync(this.fd, `${JSON.stringify(event)}\n`);
  }

  close(): void {
    if (this.fd === undefined) return;
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
