/**
 * results.json: the record of a qualification run. Written after every scenario (atomic
 * replace), so a run that dies half-way still leaves everything gathered until then.
 */
import type { DelaySample } from '../checks/backoff/delay-samples.ts';
import type { Verdict } from '../checks/input.ts';
import type { Provenance } from './provenance.ts';

export interface BoardRecord {
  name: string;
  kind: 'virtual' | 'physical';
  /** Sys.GetInfo as the board answered it. */
  info: Record<string, unknown> | undefined;
  fwId: string | undefined;
  timeScale: number;
  epsilonMs: number;
  personalities: string[];
  /** The board ran only the scenarios matching this (a confined kill-matrix board; lab config `scenarios`). */
  scenarios?: string;
}

/** What a scenario hands over for the run-level verdicts: its delays and the ε they were measured with. */
export interface ScenarioDelays {
  epsilonMs: number;
  samples: DelaySample[];
}

/** The `scenario` of a verdict judged over a whole run (every scenario of one board). */
export const WHOLE_RUN = '(whole run)';

export interface VerdictRecord extends Verdict {
  board: string;
  scenario: string;
  file: string;
}

export interface ScenarioRecord {
  board: string;
  title: string;
  file: string;
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  /** When Playwright started the scenario (ISO time), so overlapping scenarios can be told apart. */
  startedAt?: string;
  durationMs: number;
  error?: string;
  /** The timeline of this scenario (JSONL) and the board's serial log, relative to the run folder. */
  timeline?: string;
  serialLog?: string;
  /** The exact input the checks judged (board, config, timeline slice, actions). */
  checksInput?: string;
  /** Why the scenario could not do its job (it then has no verdicts): its first cause. */
  broken?: string;
  /**
   * The reconnect delays the scenario handed over for the run-level verdicts (a judged
   * scenario only). Kept in the record so that a merge of shards or hosts judges the
   * whole run again rather than keeping one whole-run verdict per source.
   */
  delays?: ScenarioDelays;
}

/**
 * What a run left out. A run with a filter is not a qualification: its status is at best
 * `partial`, never `passed`.
 */
export interface RunFilter {
  /** Only scenarios whose title matches (Playwright's --grep). */
  grep?: string;
  /** Not the scenarios whose title matches (--grep-invert). */
  grepInvert?: string;
  /** Only these boards of the lab config. */
  boards?: { ran: string[]; of: string[] };
  /** Only these shards (1-based) of `of` (`hil qualify --shard i/n`; a merge of shards: those it got). */
  shard?: { ran: number[]; of: number };
}

/**
 * running: still going (or its process died without a word); interrupted: stopped by a
 * signal, what finished is kept; partial: nothing failed, but a filter left scenarios out.
 */
export type RunStatus = 'running' | 'passed' | 'partial' | 'failed' | 'error' | 'interrupted';

export interface RunResults {
  schema: 'mgos-hil/results@1';
  runId: string;
  harnessVersion: string;
  /** Harness commit, scenarios commit, lab host (absent in runs recorded before it was). */
  provenance?: Provenance;
  startedAt: string;
  finishedAt?: string;
  status: RunStatus;
  filter?: RunFilter;
  lab: unknown;
  boards: Record<string, BoardRecord>;
  scenarios: ScenarioRecord[];
  verdicts: VerdictRecord[];
  /** The scenarios started and not yet ended (empty once the run is finished). */
  inFlight?: Pick<ScenarioRecord, 'board' | 'title' | 'file' | 'startedAt'>[];
}

/** A filter that leaves nothing out is no filter. */
export function isFiltered(filter: RunFilter | undefined): filter is RunFilter {
  if (!filter) return false;
  return Boolean(
    filter.grep ||
      filter.grepInvert ||
      (filter.boards && filter.boards.ran.length < filter.boards.of.length) ||
      (filter.shard && missingShards(filter.shard).length > 0),
  );
}

/** The shards (1-based) a run of `shard.of` shards did not run. */
export function missingShards(shard: { ran: number[]; of: number }): number[] {
  return Array.from({ length: shard.of }, (_, i) => i + 1).filter((i) => !shard.ran.includes(i));
}

/** What a filter left out, in words, for the badge and the terminal. */
export function describeFilter(filter: RunFilter): string {
  const parts: string[] = [];
  if (filter.grep) parts.push(`only scenarios matching /${filter.grep}/`);
  if (filter.grepInvert) parts.push(`not the scenarios matching /${filter.grepInvert}/`);
  if (filter.boards && filter.boards.ran.length < filter.boards.of.length) {
    const out = filter.boards.of.filter((b) => !filter.boards!.ran.includes(b));
    parts.push(`board${out.length > 1 ? 's' : ''} ${out.join(', ')} left out (ran ${filter.boards.ran.join(', ')} of ${filter.boards.of.join(', ')})`);
  }
  if (filter.shard) {
    const missing = missingShards(filter.shard);
    if (missing.length > 0) parts.push(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${filter.shard.of} left out (merge every shard with hil report --merge)`);
  }
  return parts.join('; ');
}

/** The status of a run that ended by itself (Playwright's own status of it: passed, failed, interrupted…). */
export function finalStatus(results: Pick<RunResults, 'scenarios' | 'verdicts' | 'filter'>, playwrightStatus: string): RunStatus {
  if (playwrightStatus === 'interrupted') return 'interrupted';
  if (results.verdicts.some((v) => v.verdict === 'fail')) return 'failed';
  const broken = results.scenarios.some((s) => brokenReason(s, results.verdicts) !== undefined);
  if (broken || playwrightStatus !== 'passed') return 'error';
  return isFiltered(results.filter) ? 'partial' : 'passed';
}

/**
 * Closes the record of a run that was stopped before it could close it itself: status
 * interrupted, finishedAt now, each scenario still in flight recorded as interrupted.
 * A finished record is returned as it is.
 */
export function finaliseInterrupted(results: RunResults, now: Date = new Date()): RunResults {
  if (results.status !== 'running' && !(results.inFlight && results.inFlight.length > 0)) return results;
  const inFlight = (results.inFlight ?? []).map((s) => ({
    ...s,
    status: 'interrupted' as const,
    durationMs: s.startedAt ? Math.max(0, now.getTime() - Date.parse(s.startedAt)) : 0,
    broken: 'interrupted: the run was stopped while this scenario ran',
  }));
  return {
    ...results,
    status: results.status === 'running' ? 'interrupted' : results.status,
    finishedAt: results.finishedAt ?? now.toISOString(),
    scenarios: [...results.scenarios, ...inFlight],
    inFlight: [],
  };
}


/**
 * The one definition of a broken scenario: it did not pass (and was not skipped) and no
 * check failed in it, nor could a check it asked for judge — so its failure says nothing
 * about the board's behaviour. A required check that could not judge (skip) does say
 * something: the board never gave the evidence (a reconnect-immediate board never settles
 * into the session the QoS 0-only scenario waits for). Returns its first cause, or
 * undefined when the scenario is not broken.
 */
export function brokenReason(s: ScenarioRecord, verdicts: readonly VerdictRecord[]): string | undefined {
  if (s.status === 'passed' || s.status === 'skipped') return undefined;
  if (s.broken !== undefined) return s.broken;
  const failed = verdicts.some(
    (v) => (v.verdict === 'fail' || (v.verdict === 'skip' && !v.incidental)) && v.board === s.board && v.scenario === s.title && v.file === s.file,
  );
  if (failed) return undefined;
  if (s.status === 'timedOut') return `time limit exceeded${s.error ? `: ${firstLine(s.error)}` : ''}`;
  return s.error ? firstLine(s.error) : s.status;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
