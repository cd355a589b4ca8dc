/**
 * The per-attempt table of a timing verdict: one row per attempt the check judged
 * (attempt n, expected server and window, delay measured by the harness, delay the board
 * logged, verdict), read from the entries the timing checks put in `observed` (see
 * `summarizeGap` in harness/checks/observe/runs.ts). Pure: a verdict's `observed` in,
 * rows out; html.ts renders them.
 */

export interface AttemptRow {
  /** Run of the scenario the attempt belongs to (1 = the first). */
  run: number;
  attempt: number;
  server: string;
  expectedServer?: string;
  nominalMs: number | null;
  windowMs: [number, number] | null;
  measuredMs?: number;
  loggedMs?: number;
  /** What was wrong; empty: on time and where expected. Undefined: the record predates the field. */
  problems?: string[];
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function asRow(v: unknown): Omit<AttemptRow, 'run'> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (!num(o.attempt) || !('nominalMs' in o) || typeof o.server !== 'string') return undefined;
  const w = o.windowMs;
  const row: Omit<AttemptRow, 'run'> = {
    attempt: o.attempt,
    server: o.server,
    nominalMs: num(o.nominalMs) ? o.nominalMs : null,
    windowMs: Array.isArray(w) && w.length === 2 && num(w[0]) && num(w[1]) ? [w[0], w[1]] : null,
  };
  if (typeof o.expectedServer === 'string') row.expectedServer = o.expectedServer;
  if (num(o.measuredMs)) row.measuredMs = o.measuredMs;
  if (num(o.loggedMs)) row.loggedMs = o.loggedMs;
  if (Array.isArray(o.problems)) row.problems = o.problems.map(String);
  return row;
}

/**
 * Every attempt entry found in `observed`, in order, at any depth (a check may nest them,
 * as backoff.reset-after-connack does per session). A new run starts where the attempt
 * number does not grow.
 */
export function attemptRows(observed: unknown, limit = 500): AttemptRow[] {
  const out: AttemptRow[] = [];
  let run = 1;
  const visit = (v: unknown, depth: number) => {
    if (out.length >= limit || depth > 6) return;
    const row = asRow(v);
    if (row) {
      const prev = out.at(-1);
      if (prev && row.attempt <= prev.attempt) run++;
      out.push({ run, ...row });
      return;
    }
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(observed, 0);
  return out;
}

export type AttemptVerdict = 'ok' | 'problem' | 'missing' | 'unknown';

export function attemptVerdict(r: AttemptRow): AttemptVerdict {
  if (!r.problems) return 'unknown';
  if (r.server === 'none') return 'missing';
  return r.problems.length === 0 ? 'ok' : 'problem';
}
