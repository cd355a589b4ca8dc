/**
 * A board that stopped answering and did not come back after the one reset the session
 * gave it. The runner treats it as a broken scenario and goes on with the next, so the
 * message carries everything needed to look at the bench later: which board on which
 * port, what was being waited for, which reset was tried, and the last serial lines.
 */
import { formatTail } from '../../serial/errors.ts';
import type { SerialLine } from '../../serial/serial-line.ts';

export interface BoardHungDetails {
  board: string;
  path: string;
  /** What the session was doing: "writing the config (Config.Set, save, reboot)". */
  doing: string;
  /** The wait that expired last: "the reply to Sys.GetInfo within 10000 ms". */
  waitedFor: string;
  /** The reset tried and how it went: "dtr-rts (…): the board booted again, then …". */
  resetTried: string;
  tail: readonly SerialLine[];
  logPath: string | undefined;
  cause?: Error;
}

export class BoardHungError extends Error {
  override name = 'BoardHungError';
  readonly board: string;
  readonly path: string;
  readonly doing: string;
  readonly waitedFor: string;
  readonly resetTried: string;
  /** The last serial lines, formatted `+<mono ms> [type] text`, oldest first. */
  readonly tail: string[];
  readonly logPath: string | undefined;

  constructor(d: BoardHungDetails) {
    const tail = formatTail(d.tail);
    super(
      `board hung: ${d.board} on ${d.path} stopped answering while ${d.doing}: waited for ${d.waitedFor}; ` +
        `reset tried: ${d.resetTried}. ` +
        (tail.length ? `Last ${tail.length} serial lines:\n  ${tail.join('\n  ')}\n` : 'No serial lines were read.\n') +
        (d.logPath ? `Full log: ${d.logPath}\n` : '') +
        'Check the board on the bench (power, cable, a crash loop in the log) and reset it by hand before the next run.',
      d.cause ? { cause: d.cause } : undefined,
    );
    this.board = d.board;
    this.path = d.path;
    this.doing = d.doing;
    this.waitedFor = d.waitedFor;
    this.resetTried = d.resetTried;
    this.tail = tail;
    this.logPath = d.logPath;
  }
}
