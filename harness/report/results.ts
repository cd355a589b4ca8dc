/**
 * results.json: the record of a qualification run. Written after every scenario (atomic
 * replace), so a run that dies half-way still leaves everything gathered until then.
 */
import type { Verdict } from '../checks/input.ts';

export interface BoardRecord {
  name: string;
  kind: 'virtual' | 'physical';
  /** Sys.GetInfo as the board answered it. */
  info: Record<string, unknown> | undefined;
  fwId: string | undefined;
  timeScale: number;
  epsilonMs: number;
  personalities: string[];
}

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
}

export interface RunResults {
  schema: 'mgos-hil/results@1';
  runId: string;
  harnessVersion: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'passed' | 'failed' | 'error';
  lab: unknown;
  boards: Record<string, BoardRecord>;
  scenarios: ScenarioRecord[];
  verdicts: VerdictRecord[];
}


/**
 * The one definition of a broken scenario: it did not pass (and was not skipped) and no
 * check failed in it — so its failure says nothing about the board's behaviour. Returns
 * its first cause, or undefined when the scenario is not broken.
 */
export function brokenReason(s: ScenarioRecord, verdicts: readonly VerdictRecord[]): string | undefined {
  if (s.status === 'passed' || s.status === 'skipped') return undefined;
  if (s.broken !== undefined) return s.broken;
  const failed = verdicts.some((v) => v.verdict === 'fail' && v.board === s.board && v.scenario === s.title && v.file === s.file);
  if (failed) return undefined;
  if (s.status === 'timedOut') return `time limit exceeded${s.error ? `: ${firstLine(s.error)}` : ''}`;
  return s.error ? firstLine(s.error) : s.status;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
