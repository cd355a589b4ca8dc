/** The panic handler's lines: evidence that the board crashed before a reboot. */
const crashPatterns: readonly RegExp[] = [
  /^Guru Meditation Error/,
  /^Backtrace:/,
  /^abort\(\) was called at PC/,
  /^Core +\d+ register dump:/,
  /^CPU halted\.$/,
];

export function isCrashLine(content: string): boolean {
  return crashPatterns.some((p) => p.test(content));
}
