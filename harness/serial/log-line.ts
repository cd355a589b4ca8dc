/**
 * The Mongoose OS log prefix: `<source basename>:<line>` padded with spaces to 24 columns.
 * The basename is cut so that at least one space remains, so the message always starts
 * 24 columns after the prefix does.
 *
 * On an ESP32 the line of a cut basename has been seen to start with one extra space
 * (` mgos_rpc_channel_ua:313 0x3ffbb1f0 UART0`, in the console captures of
 * R0G-DEV/espcam-app-mos's README and cesanta/mongoose-os issue #507; an ESP8266 prints
 * it without). The parser accepts one leading space and counts the 24 columns after it.
 */
import type { LogSource } from './serial-line.ts';

export const LOG_PREFIX_COLUMNS = 24;
const PREFIX = /^( ?)([^\s:]{1,22}):(\d{1,6}) /;

export interface ParsedLog extends LogSource {
  message: string;
}

export function parseLogLine(text: string): ParsedLog | undefined {
  const m = PREFIX.exec(text);
  if (!m) return undefined;
  const start = m[1]!.length;
  const end = start + LOG_PREFIX_COLUMNS;
  // The prefix and at least one space fit in the 24 columns (cs_dbg cuts the basename so).
  if (m[0].length > end || text.length < end) return undefined;
  // Everything between the prefix and its 24th column must be padding.
  for (let i = m[0].length; i < end; i++) if (text[i] !== ' ') return undefined;
  return { file: m[2]!, line: Number(m[3]), message: text.slice(end) };
}

/** The prefix as Mongoose OS prints it (for tests and the virtual board's own checks). */
export function formatLogPrefix(file: string, line: number): string {
  const budget = LOG_PREFIX_COLUMNS - 1 - `:${line}`.length;
  return `${file.slice(0, budget)}:${line}`.padEnd(LOG_PREFIX_COLUMNS, ' ');
}
