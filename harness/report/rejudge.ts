/**
 * Re-judging a run: the current checks on each scenario's recorded input
 * (`<scenario>.checks-input.json`: the checks it required and what they judged), compared
 * with the verdicts results.json recorded. How a change to a check is tried on old evidence.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CheckId, CheckInput, Verdict } from '../checks/input.ts';
import { judgeScenario } from '../checks/registry.ts';
import { brokenReason, type RunResults, type VerdictRecord, WHOLE_RUN } from './results.ts';
import { delaysByBoard, runLevelVerdicts } from './run-level.ts';
import { runFile } from './run-folder.ts';

export interface VerdictChange {
  board: string;
  scenario: string;
  id: string;
  /** Absent: the check did not judge before (an incidental check that now finds evidence). */
  before?: { verdict: Verdict['verdict']; reason: string };
  /** Absent: it no longer judges. */
  after?: { verdict: Verdict['verdict']; reason: string };
}

export interface Rejudged {
  runDir: string;
  /** Scenarios re-judged (those that recorded a checks input). */
  judged: number;
  /** Scenarios without a checks input (broken before judging, or the file is gone). */
  withoutInput: { board: string; scenario: string }[];
  verdicts: VerdictRecord[];
  changes: VerdictChange[];
}

export class RejudgeError extends Error {}

function readJson<T>(file: string, what: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RejudgeError(`${what} ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new RejudgeError(`${what} ${file} is not JSON: ${(err as Error).message}`);
  }
}

const brief = (v: { verdict: Verdict['verdict']; reason: string }) => ({ verdict: v.verdict, reason: v.reason });

export function rejudgeRun(runDir: string): Rejudged {
  const results = readJson<RunResults>(runFile(runDir, 'results'), 'results');
  const verdicts: VerdictRecord[] = [];
  const changes: VerdictChange[] = [];
  const withoutInput: Rejudged['withoutInput'] = [];
  let judged = 0;
  for (const s of results.scenarios) {
    const file = s.checksInput ? path.join(runDir, s.checksInput) : undefined;
    if (!file || !fs.existsSync(file)) {
      withoutInput.push({ board: s.board, scenario: s.title });
      continue;
    }
    const recorded = readJson<{ checks?: CheckId[]; input?: CheckInput }>(file, 'checks input');
    if (!Array.isArray(recorded.checks) || typeof recorded.input !== 'object' || recorded.input === null) {
      throw new RejudgeError(`checks input ${file} has no "checks" list and "input" object: it is not a scenario's checks input`);
    }
    judged++;
    const now = judgeScenario(recorded.checks, recorded.input).map((v) => ({ ...v, board: s.board, scenario: s.title, file: s.file }));
    verdicts.push(...now);
    const before = results.verdicts.filter((v) => v.board === s.board && v.scenario === s.title && v.file === s.file);
    for (const id of new Set([...before.map((v) => v.id), ...now.map((v) => v.id)])) {
      const b = before.find((v) => v.id === id);
      const a = now.find((v) => v.id === id);
      if (b?.verdict === a?.verdict) continue;
      changes.push({ board: s.board, scenario: s.title, id, ...(b ? { before: brief(b) } : {}), ...(a ? { after: brief(a) } : {}) });
    }
  }
  return { runDir, judged, withoutInput, verdicts, changes };
}

/**
 * The run as today's checks see it: each re-judged scenario's verdicts replace those
 * recorded (a scenario without a checks input keeps its own), and the whole-run verdicts
 * are judged again from the delays the scenarios recorded.
 */
export function withTodaysChecks(results: RunResults, rejudged: Rejudged): RunResults {
  const without = new Set(rejudged.withoutInput.map((s) => `${s.board}\u0000${s.scenario}`));
  const kept = results.verdicts.filter((v) => v.scenario !== WHOLE_RUN && without.has(`${v.board}\u0000${v.scenario}`));
  const verdicts = [...rejudged.verdicts, ...kept];
  // A scenario that failed only by its verdicts (not broken) passes when none fails now.
  const scenarios = results.scenarios.map((s) =>
    s.status === 'failed' && brokenReason(s, results.verdicts) === undefined && brokenReason(s, verdicts) !== undefined
      ? { ...s, status: 'passed' as const, error: undefined }
      : s,
  );
  return { ...results, scenarios, verdicts: [...verdicts, ...runLevelVerdicts(delaysByBoard(scenarios))] };
}

export function describeRejudged(r: Rejudged): string {
  const count = (v: string) => r.verdicts.filter((x) => x.verdict === v).length;
  const state = (x: VerdictChange['before']) => (x ? x.verdict.toUpperCase() : 'not judged');
  return [
    `${r.judged} scenarios re-judged, ${r.verdicts.length} verdicts: ${count('pass')} pass, ${count('fail')} fail, ${count('skip')} skip`,
    ...(r.withoutInput.length > 0 ? [`${r.withoutInput.length} scenarios had no checks input (broken before judging): ${r.withoutInput.map((s) => `${s.board} "${s.scenario}"`).join(', ')}`] : []),
    r.changes.length === 0 ? 'no verdict changed' : `${r.changes.length} verdicts changed:`,
    ...r.changes.map((c) => `  ${c.board} ${c.id} (${c.scenario}): ${state(c.before)} -> ${state(c.after)}${c.after ? ` — ${c.after.reason}` : ''}`),
  ].join('\n');
}
