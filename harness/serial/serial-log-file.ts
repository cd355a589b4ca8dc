/**
 * The raw serial log of one port, one line per serial line:
 * `<ISO wall time> +<monotonic ms> <text>`. Written synchronously as lines arrive, so the
 * file is complete whenever an expectation fails, and a report can link it as is.
 * Control bytes are written as `\xNN` so the file stays readable in a terminal.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type MonoMs, isoOf } from '../clock.ts';

export function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

export function formatLogEntry(t: MonoMs, text: string): string {
  return `${isoOf(t)} +${t.toFixed(3)} ${printable(text)}\n`;
}

export class SerialLogFile {
  readonly path: string;
  #fd: number | undefined;

  private constructor(path: string, fd: number) {
    this.path = path;
    this.#fd = fd;
  }

  /** Opens (creating folders) for appending. Throws with the path when that is impossible. */
  static open(path: string): SerialLogFile {
    try {
      mkdirSync(dirname(path), { recursive: true });
      return new SerialLogFile(path, openSync(path, 'a'));
    } catch (err) {
      throw new Error(`Cannot open serial log file ${path} for appending: ${(err as Error).message}. Check the reports folder is writable or change logPath.`, { cause: err });
    }
  }

  append(t: MonoMs, text: string): void {
    if (this.#fd === undefined) return;
    writeSync(this.#fd, formatLogEntry(t, text));
  }

  close(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    closeSync(fd);
  }
}
