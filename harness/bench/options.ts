/** `npm run bench -- …`: what to measure, and how often. */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  boards: number[];
  scales: number[];
  repeats: number;
  /** Scenarios per qualification; default by scale (short ones at real time). */
  grep: string | undefined;
  /** Messages per throughput run. */
  messages: number;
  timelineEvents: number;
  doc: string | undefined;
  json: string | undefined;
  parts: Set<Part>;
  /** Render the doc from these saved figures (--json of earlier runs) instead of measuring. */
  fromJson: string[];
  /** Keep every qualification's run folder under this folder. */
  keep: string | undefined;
}

export const PARTS = ['timing', 'throughput', 'serial', 'timeline'] as const;
export type Part = (typeof PARTS)[number];

export const usage = `usage: npm run bench -- [--boards 1,4,16,32] [--scales 1,10] [--repeats N] [--quick]
                       [--grep REGEX] [--messages N] [--only timing,throughput,serial,timeline]
                       [--doc FILE | --no-doc] [--json FILE] [--from-json A.json,B.json] [--keep DIR]
  --boards     virtual boards qualified at once, one measurement per count (default 1,4,16,32)
  --scales     time scales (default 1,10)
  --repeats    runs of each measurement; figures are their medians (default 3)
  --quick      --boards 1 --scales 10 --repeats 1 --messages 2000
  --grep       the scenarios of each qualification (default: "${'@realtime|drop after a good session'}" at
               scale < 10, "backoff" from 10 on)
  --doc FILE   where the Markdown goes (default docs/performance.md, between its bench markers)
  --json FILE  also save the figures there; --from-json: measure nothing, write the doc from
               saved figures (several runs' tables together, each with its own command and load)
  --keep DIR   keep each qualification's run folder in DIR/<boards>b-s<scale>-r<n> (a run that
               did not pass is kept in a temp folder anyway, and named on stderr)
Prints the figures as JSON on stdout; progress goes to stderr.`;

function list(text: string, what: string): number[] {
  const xs = text.split(',').map((x) => Number(x.trim()));
  if (xs.length === 0 || xs.some((x) => !(x > 0) || !Number.isFinite(x))) throw new Error(`--${what} must be positive numbers separated by commas, e.g. 1,4; got "${text}"`);
  return xs;
}

function count(text: string | undefined, what: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${what} must be a whole number ≥ 1, got "${text}"`);
  return n;
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      boards: { type: 'string' },
      scales: { type: 'string' },
      repeats: { type: 'string' },
      quick: { type: 'boolean', default: false },
      grep: { type: 'string' },
      messages: { type: 'string' },
      'timeline-events': { type: 'string' },
      only: { type: 'string' },
      doc: { type: 'string' },
      'no-doc': { type: 'boolean', default: false },
      json: { type: 'string' },
      'from-json': { type: 'string' },
      keep: { type: 'string' },
    },
  });
  const quick = values.quick;
  const boards = values.boards ? list(values.boards, 'boards') : quick ? [1] : [1, 4, 16, 32];
  if (boards.some((b) => !Number.isInteger(b) || b > 64)) throw new Error(`--boards must be whole numbers up to 64, got "${values.boards}"`);
  const parts = values.only ? values.only.split(',').map((p) => p.trim()) : [...PARTS];
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`--only: no part named ${unknown.join(', ')}; the parts are ${PARTS.join(', ')}`);
  return {
    boards,
    scales: values.scales ? list(values.scales, 'scales') : quick ? [10] : [1, 10],
    repeats: count(values.repeats, 'repeats', quick ? 1 : 3),
    grep: values.grep,
    messages: count(values.messages, 'messages', quick ? 2000 : 10_000),
    timelineEvents: count(values['timeline-events'], 'timeline-events', 200_000),
    doc: values['no-doc'] ? undefined : (values.doc ?? 'docs/performance.md'),
    json: values.json,
    parts: new Set(parts as Part[]),
    fromJson: values['from-json'] ? values['from-json'].split(',').map((f) => f.trim()) : [],
    keep: values.keep,
  };
}

export function grepFor(scale: number, grep: string | undefined): string {
  return grep ?? (scale < 10 ? '@realtime|drop after a good session' : 'backoff');
}
