/** ANSI escape sequences (ESP-IDF colours its log lines: `ESC[0;32mI (29) boot: …ESC[0m`). */
const ANSI_SEQUENCE = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, '');
}
