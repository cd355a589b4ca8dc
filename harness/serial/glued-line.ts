/**
 * Output printed without a newline (a library's `printf`, mJS's `print` of a partial
 * line) is joined to whatever the board prints next, so a fresh line can start in the
 * middle of a serial line. Real captures:
 *
 *   `initializing CameraD (627) camera: Enabling XCLK output`   (an ESP-IDF line)
 *   `Camera Init FailedD (1027) nvs: nvs_open_from_partition misc 1`
 *
 * (both from R0G-DEV/espcam-app-mos's README). A Mongoose OS log line or a `HIL {…}`
 * event glued after text is found the same way. This finds where the glued line starts;
 * the classifier then reads the rest as a line of its own.
 */
import { LOG_PREFIX_COLUMNS } from './log-line.ts';

export type GluedKind = 'log' | 'idf' | 'event' | 'crash';

export interface GluedStart {
  kind: GluedKind;
  /** Index in the (ANSI-free) text where the glued line starts; always > 0. */
  at: number;
}

// An ESP-IDF line's head: level letter, time in parentheses, a tag without spaces, a colon.
const IDF_HEAD = /[EWIDV] \([0-9:.]{1,16}\) [^\s:]{1,64}:/g;
// A log prefix's tail: `:<line>` and its padding, then the message.
const PREFIX_TAIL = /:(\d{1,6})( +)(?=\S)/g;
const BASENAME = /^[A-Za-z0-9_.+-]+$/;
const SOURCE_FILE = /\.(?:c|cc|cpp|h)$/;

/**
 * The prefix starts 24 columns before the message. The padding seen fixes the basename's
 * length; a basename is a file name, or was cut to fit, which leaves a single space.
 */
function gluedLogPrefix(text: string): number | undefined {
  PREFIX_TAIL.lastIndex = 0;
  for (let guard = 0; guard < 64; guard++) {
    const m = PREFIX_TAIL.exec(text);
    if (!m) return undefined;
    const colon = m.index;
    const padding = m[2]!.length;
    const start = colon + m[0].length - LOG_PREFIX_COLUMNS;
    if (start < 1 || start >= colon) continue;
    const basename = text.slice(start, colon);
    if (BASENAME.test(basename) && (SOURCE_FILE.test(basename) || padding === 1)) return start;
  }
  return undefined;
}

function firstIndex(text: string, pattern: RegExp): number | undefined {
  pattern.lastIndex = 0;
  for (let guard = 0; guard < 64; guard++) {
    const m = pattern.exec(text);
    if (!m) return undefined;
    if (m.index > 0) return m.index;
  }
  return undefined;
}

function positive(i: number): number | undefined {
  return i > 0 ? i : undefined;
}

/** The earliest place where a line of a known kind starts after some other text. */
export function findGluedStart(text: string): GluedStart | undefined {
  const candidates: [GluedKind, number | undefined][] = [
    ['log', gluedLogPrefix(text)],
    ['idf', firstIndex(text, IDF_HEAD)],
    ['event', positive(text.indexOf('HIL {'))],
    ['crash', positive(text.indexOf('Guru Meditation Error'))],
  ];
  let best: GluedStart | undefined;
  for (const [kind, at] of candidates) {
    if (at !== undefined && (best === undefined || at < best.at)) best = { kind, at };
  }
  return best;
}
