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
}

export interface ExcerptLine extends LogLine {
  /** The line is at (or the nearest to) an evidence stamp. */
  hit: boolean;
}

const LINE = /^(\S+) \+(\d+(?:\.\d+)?) ?(.*)$/;
const MAX_LINE = 400;

export function parseSerialLog(text: string): LogLine[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((raw, i) => {
    const m = LINE.exec(raw);
    return m ? { n: i + 1, t: Number(m[2]), text: raw } : { n: i + 1, text: raw };
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

/**
 * Ranges of ±`context` lines around each stamp, overlapping ranges joined, at most
 * `maxRanges` of them (the earliest). Each line redacted and cut to a readable length.
 */
export function excerptAround(lines: LogLine[], stamps: readonly number[], context = 10, maxRanges = 6): ExcerptLine[][] {
  const hits = new Set<number>();
  for (const t of stamps) {
    const i = nearest(lines, t);
    if (i >= 0) hits.add(i);
  }
  const sorted = [...hits].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const i of sorted) {
    const lo = Math.max(0, i - context);
    const hi = Math.min(lines.length - 1, i + context);
    const last = ranges.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else ranges.push([lo, hi]);
  }
  return ranges.slice(0, maxRanges).map(([lo, hi]) => lines.slice(lo, hi + 1).map((l, k) => ({ ...clean(l), hit: hits.has(lo + k) })));
}

/** The last `count` lines: what the board said before a scenario broke. */
export function tail(lines: LogLine[], count = 20): ExcerptLine[] {
  return lines.slice(-count).map((l) => ({ ...clean(l), hit: false }));
}

function clean(l: LogLine): LogLine {
  const text = redactText(l.text);
  return { ...l, text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length - MAX_LINE} more characters)` : text };
}
