/**
 * The kill matrix: the qualification suite run against each personality of the virtual
 * board, reduced to a verdict per check. A personality is caught when the checks its
 * deviation concerns fail; a false alarm is any other check not passing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { isOverloadedSkip } from '../checks/host-load.ts';
import { type CheckId, checkIds } from '../checks/input.ts';
import { labConfig } from '../lab/schema.ts';
import type { RunResults } from '../report/results.ts';
import { judgingScenarios } from '../runner/check-scenarios.ts';
import { qualify, summarise } from '../runner/qualify.ts';
import { projectRoot } from '../runner/settings.ts';
import { brokenScenarios, type Cell, cellsOf } from './cells.ts';
import { confinedScenarios } from './confine.ts';
import { expectedKills, type Kill } from './expected-kills.ts';
import type { MutantSwitch } from '../mutation/env.ts';

/** One board of a lab qualified together with others, reduced to its verdicts. */
export interface BoardRow {
  board: string;
  cells: Record<CheckId, Cell>;
  /** The cells from the verdicts the scenarios asked for, without the incidental ones. */
  requiredCells: Record<CheckId, Cell>;
  broken: string[];
  /** Scenarios that ran out of time (also in `broken`). */
  timedOut: string[];
  /** The run was stopped by a signal before it could finish. */
  interrupted: boolean;
  exitCode: number;
  /** Wall ms of this board's scenarios, one after another. */
  wallMs: number;
  runDir: string;
  /**
   * Checks whose only verdicts other than pass are "not judged: host overloaded": the host
   * kept them from being judged there. They are no false alarm (nothing failed), and no
   * catch either (a check that was to fail and was only overloaded is still missed).
   */
  overloaded?: CheckId[];
  /** The board ran only the scenarios matching this (confined: harness/power/confine.ts); judged as narrowly. */
  confinedTo?: string;
  /** Scenarios the board ran. */
  scenarioCount: number;
}

export interface MatrixRow extends BoardRow {
  personality: string;
}

export interface MatrixOptions {
  personalities: string[];
  timeScale: number;
  /** Only the scenarios whose title matches: a narrowed matrix (checks without evidence there are not judged). */
  grep?: string;
  /** Boards qualified at once (default 2: on a 2-core host more would load it into false alarms). */
  concurrency?: number;
  /**
   * Every personality on every scenario. Default: each on the scenarios that judge the
   * checks it must fail (confine.ts), the faithful board and a lab's own module on all.
   */
  allScenarios?: boolean;
  reportsDir?: string;
  onRow?: (row: MatrixRow) => void;
}

export const DEFAULT_MATRIX_CONCURRENCY = 2;

const discard = new Writable({ write: (_chunk, _enc, done) => done() });

/** A board name for a personality (a built-in name as it is; a module path by its file name). */
export function boardNameOf(personality: string, index: number): string {
  const base = path.basename(personality).replace(/\.(m?[jt]s)$/, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${String(index).padStart(2, '0')}-${base}`;
}

/** A virtual board of a lab qualified by `qualifyBoards`. */
export interface LabBoard {
  name: string;
  personalities: string[];
  /** Mutation testing: the board runs this mutant of its MQTT library. */
  mutant?: MutantSwitch;
  /** Only the scenarios matching this regular expression (lab config `scenarios`). */
  scenarios?: string;
}

export interface LabRunOptions {
  timeScale: number;
  concurrency?: number;
  reportsDir?: string;
  /** Prefix of the run id (the run folder's name). */
  runName: string;
  /** Only the scenarios whose title matches (a narrowed look, not a qualification). */
  grep?: string;
}

/**
 * Virtual boards as the boards of one lab, qualified together (each still by one worker,
 * in its own process, with its own brokers), `concurrency` at a time.
 */
export async function qualifyBoards(boards: LabBoard[], options: LabRunOptions): Promise<BoardRow[]> {
  const reportsDir = options.reportsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `hil-${options.runName}-`));
  const lab = labConfig.parse({
    boards: boards.map((b) => ({
      name: b.name,
      kind: 'virtual',
      timeScale: options.timeScale,
      personalities: b.personalities,
      ...(b.mutant ? { mutant: b.mutant } : {}),
      ...(b.scenarios ? { scenarios: b.scenarios } : {}),
    })),
  });
  const outcome = await qualify({
    lab,
    reportsDir,
    runId: `${options.runName}-${Date.now()}`,
    ...(options.grep ? { grep: options.grep } : {}),
    workers: Math.min(options.concurrency ?? DEFAULT_MATRIX_CONCURRENCY, boards.length),
    renderReport: false,
    stdout: discard,
  });
  return boards.map((b) => boardRowOf(outcome.results, b.name, outcome.runDir, outcome.interruptedBy !== undefined));
}

/** One board's row from a lab's results. */
function boardRowOf(results: RunResults | undefined, board: string, runDir: string, interrupted: boolean): BoardRow {
  const own = boardResults(results, board);
  const confinedTo = results?.boards[board]?.scenarios;
  return {
    board,
    cells: cellsOf(own),
    requiredCells: cellsOf(own && { ...own, verdicts: own.verdicts.filter((v) => !v.incidental) }),
    broken: brokenScenarios(own),
    timedOut: (own?.scenarios ?? []).filter((s) => s.status === 'timedOut').map((s) => s.title),
    interrupted,
    exitCode: outcomeOf(own),
    wallMs: (own?.scenarios ?? []).reduce((sum, s) => sum + s.durationMs, 0),
    runDir,
    overloaded: overloadedChecks(own),
    ...(confinedTo ? { confinedTo } : {}),
    scenarioCount: own?.scenarios.length ?? 0,
  };
}

function overloadedChecks(results: RunResults | undefined): CheckId[] {
  const verdicts = results?.verdicts ?? [];
  return checkIds.filter((id) => {
    const notPassing = verdicts.filter((v) => v.id === id && v.verdict !== 'pass');
    return notPassing.length > 0 && notPassing.every(isOverloadedSkip);
  });
}

/**
 * The rows of a kill matrix already run, from its run folder's results.json: judged again
 * against today's expectations without qualifying anything (`hil kill-matrix --from-run`).
 * A board without personalities is the faithful one.
 */
export function matrixRowsOfRun(results: RunResults, runDir: string): MatrixRow[] {
  return Object.values(results.boards)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((b) => ({ ...boardRowOf(results, b.name, runDir, results.status === 'interrupted'), personality: b.personalities[0] ?? 'faithful' }));
}

/** The personalities as the boards of one lab (`qualifyBoards`). */
export async function runKillMatrix(options: MatrixOptions): Promise<MatrixRow[]> {
  const scenarios = options.allScenarios ? [] : judgingScenarios(path.join(projectRoot, 'scenarios'));
  const boards = options.personalities.map((personality, i) => {
    const scenariosOf = options.allScenarios ? undefined : confinedScenarios(personality, expectedKills[personality], scenarios);
    return {
      name: boardNameOf(personality, i),
      personalities: personality === 'faithful' ? [] : [personality],
      ...(scenariosOf ? { scenarios: scenariosOf } : {}),
    };
  });
  const rows = (await qualifyBoards(boards, { ...options, runName: 'kill-matrix' })).map((row, i) => ({ ...row, personality: options.personalities[i]! }));
  for (const row of rows) options.onRow?.(row);
  return rows;
}

/** One board's part of a run's results. */
function boardResults(results: RunResults | undefined, board: string): RunResults | undefined {
  if (!results) return undefined;
  return { ...results, scenarios: results.scenarios.filter((s) => s.board === board), verdicts: results.verdicts.filter((v) => v.board === board) };
}

function outcomeOf(results: RunResults | undefined): number {
  return summarise(results).exitCode;
}

export interface RowJudgement {
  caught: CheckId[];
  missed: CheckId[];
  falseAlarms: CheckId[];
}

/**
 * Compares a row with the checks the personality should break (none for `faithful`). A
 * false alarm on the faithful board is any verdict not passing, incidental ones included;
 * for a misbehaving board, a check that *also* fails in a scenario it was not asked about
 * has seen the same deviation there (every check judges every scenario), so only the
 * verdicts the scenarios asked for must keep to the table.
 */
export function judgeRow(row: MatrixRow, expected: Kill, asked: { narrowed?: boolean } = {}): RowJudgement {
  // A confined board ran some scenarios only: its false alarms are judged like a matrix
  // narrowed by --grep. Its misses are not: its scenarios were chosen as those that judge the
  // checks it must fail, so each of those must fail there (one that could not judge is missed).
  const options = { narrowed: asked.narrowed === true || row.confinedTo !== undefined };
  const excuseUnasked = asked.narrowed === true;
  const judged = row.personality === 'faithful' ? row.cells : row.requiredCells;
  // A matrix narrowed to some scenarios (--grep) holds a check without evidence there to
  // nothing: it looks for false failures and misses, not for evidence the rest of the suite gives.
  const entries = (Object.entries(judged) as [CheckId, Cell][]).filter(([, cell]) => !(options.narrowed && (cell === 'missing' || cell === 'skip')));
  const affected = expected.affects ?? [];
  return {
    caught: expected.fails.filter((id) => row.cells[id] === 'fail'),
    missed: expected.fails.filter((id) => row.cells[id] !== 'fail' && !(excuseUnasked && !askedFor(row, id))),
    falseAlarms: entries
      .filter(([id, cell]) => !expected.fails.includes(id) && cell !== 'pass' && !(affected.includes(id) && (cell === 'fail' || cell === 'skip')))
      .filter(([id]) => !(row.overloaded ?? []).includes(id))
      .map(([id]) => id),
  };
}

/**
 * In a narrowed matrix, whether its scenarios ask for `id` and it judged there. A check
 * that only judged incidentally (backoff.schedule timing the reconnects of a scenario
 * written for another check) and passed shows that the deviation was not exercised there,
 * not that the check missed it: the full matrix holds it to the table.
 */
function askedFor(row: MatrixRow, id: CheckId): boolean {
  const cell = row.requiredCells[id];
  return cell !== undefined && cell !== 'missing' && cell !== 'skip';
}

/** A personality this table does not know (a lab's own module) is expected to be caught by something. */
export function expectationFor(personality: string, table: Record<string, Kill>): Kill | undefined {
  return table[personality];
}
