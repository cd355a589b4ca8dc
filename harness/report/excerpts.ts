/**
 * Serial-log excerpts for the report: the lines around the moments a failing verdict
 * points at. The log's lines are `<ISO wall time> +<harness ms> <text>` (see
 * harness/serial/serial-log-file.ts), so an evidence stamp finds its line directly.
 * Secrets are redacted on the way out.
 */
import { redactText } from '../secrets.ts';

export interface LogLine {
  /** 1-based line number in the file. */
  n: number;
  t?: number;
  text: string;
  /** What the board said: the text after the stamps. */
  message?: string;
}

export interface ExcerptLine extends LogLine {
  /** The line is the evidence: its stamp and its text are the evidence's. */
  hit: boolean;
  /** The evidence is not a serial line (a gate event…): this is the serial line nearest to it in time. */
  near?: boolean;
}

/** What an excerpt is cut around: an evidence stamp, and the evidence's text when it has one. */
export type ExcerptMark = number | { t: number; what?: string };

const LINE = /^(\S+) \+(\d+(?:\.\d+)?) ?(.*)$/;
const MAX_LINE = 400;

export function parseSerialLog(text: string): LogLine[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((raw, i) => {
    const m = LINE.exec(raw);
    return m ? { n: i + 1, t: Number(m[2]), text: raw, message: m[3] ?? '' } : { n: i + 1, text: raw };
  });
}

function nearest(lines: LogLine[], t: number): number {
  let best = -1;
  let bestD = Number.POSITIVE_INFINITY;
  lines.forEach((l, i) => {
    if (l.t === undefined) return;
    const d = Math.abs(l.t - t);
    if (d < bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

/** The log stamps harness ms with three decimals. */
const SAME_T = 0.0006;

const words = (text: string) => new Set(text.split(/[^\p{L}\p{N}.:#]+/u).filter((w) => w.length > 1));

/**
 * The line that is the evidence: same stamp, and its message is the evidence's text (or
 * holds it, or — for evidence the checks derived from a line, "logged delay 2093 ms for
 * nominal 2000 ms" — shares the most words with it). Several lines can share a stamp (one
 * serial chunk), so the stamp alone is not enough.
 */
function exact(lines: LogLine[], t: number, what: string): number {
  const same = lines.flatMap((l, i) => (l.t !== undefined && Math.abs(l.t - t) < SAME_T ? [i] : []));
  const found = same.find((i) => lines[i]!.message === what) ?? same.find((i) => (lines[i]!.message ?? '').includes(what));
  if (found !== undefined) return found;
  const wanted = words(what);
  let best = -1;
  let bestScore = 0;
  for (const i of same) {
    const score = [...words(lines[i]!.message ?? '')].filter((w) => wanted.has(w)).length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Ranges of ±`context` lines around each mark, overlapping ranges joined, at most
 * `maxRanges` of them (the earliest). A mark whose text is a line of the log marks that
 * line as a hit; any other mark (a bare stamp, or gate evidence) marks the nearest line
 * in time as near. Each line redacted and cut to a readable length.
 */
export function excerptAround(lines: LogLine[], marks: readonly ExcerptMark[], context = 10, maxRanges = 6): ExcerptLine[][] {
  const hits = new Set<number>();
  const near = new Set<number>();
  for (const mark of marks) {
    const { t, what } = typeof mark === 'number' ? { t: mark, what: undefined } : mark;
    const hit = what ? exact(lines, t, what) : -1;
    if (hit >= 0) {
      hits.add(hit);
      continue;
    }
    const i = nearest(lines, t);
    if (i >= 0) near.add(i);
  }
  const sorted = [...new Set([...hits, ...near])].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const i of sorted) {
    const lo = Math.max(0, i - context);
    const hi = Math.min(lines.length - 1, i + context);
    const last = ranges.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else ranges.push([lo, hi]);
  }
  return ranges.slice(0, maxRanges).map(([lo, hi]) =>
    lines.slice(lo, hi + 1).map((l, k) => {
      const line: ExcerptLine = { ...clean(l), hit: hits.has(lo + k) };
      if (!line.hit && near.has(lo + k)) line.near = true;
      return line;
    }),
  );
}

/** The last `count` lines: what the board said before a scenario broke. */
export function tail(lines: LogLine[], count = 20): ExcerptLine[] {
  return lines.slice(-count).map((l) => ({ ...clean(l), hit: false }));
}

function clean(l: LogLine): LogLine {
  const { message: _message, ...rest } = l;
  const text = redactText(l.text);
  return { ...rest, text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length - MAX_LINE} more characters)` : text };
}
