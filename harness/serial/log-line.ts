/**
 * The Mongoose OS log prefix: `<source basename>:<line>` padded with spaces to 24 columns.
 * The basename is cut so that at least one space remains, so the message always starts
 * at column 24.
 */
import type { LogSource } from './serial-line.ts';

export const LOG_PREFIX_COLUMNS = 24;
const PREFIX = /^([^\s:]{1,22}):(\d{1,6}) /;

export interface ParsedLog extends LogSource {
  message: string;
}

export function parseLogLine(text: string): ParsedLog | undefined {
  const m = PREFIX.exec(text);
  if (!m || text.length < LOG_PREFIX_COLUMNS) return undefined;
  // Everything between the prefix and column 24 must be padding.
  for (let i = m[0].length; i < LOG_PREFIX_COLUMNS; i++) if (text[i] !== ' ') return undefined;
  return { file: m[1]!, line: Number(m[2]), message: text.slice(LOG_PREFIX_COLUMNS) };
}

/** The prefix as Mongoose OS prints it (for tests and the virtual board's own checks). */
export function formatLogPrefix(file: string, line: number): string {
  const budget = LOG_PREFIX_COLUMNS - 1 - `:${line}`.length;
  return `${file.slice(0, budget)}:${line}`.padEnd(LOG_PREFIX_COLUMNS, ' ');
}
