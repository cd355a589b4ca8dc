/**
 * Mongoose OS log line format: `<source basename>:<line>` padded with spaces to 24
 * columns, then the message. A long basename is cut so that at least one space remains
 * (`mgos_rpc_channel_ua:320 …`). No timestamp, no level.
 */
const PREFIX_WIDTH = 24;

export function formatLogLine(file: string, line: number, message: string): string {
  const suffix = `:${line}`;
  const room = PREFIX_WIDTH - 1 - suffix.length;
  const prefix = file.slice(0, Math.max(0, room)) + suffix;
  return prefix.padEnd(PREFIX_WIDTH, ' ') + message;
}
