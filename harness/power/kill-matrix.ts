/**
 * The kill matrix: the qualification suite run against each personality of the virtual
 * board, reduced to a verdict per check. A personality is caught when the checks its
 * deviation concerns fail; a false alarm is any other check not passing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { CheckId } from '../checks/input.ts';
import { virtualLab } from '../lab/load.ts';
import { qualify } from '../runner/qualify.ts';
import { brokenScenarios, type Cell, cellsOf } from './cells.ts';
import type { Kill } from './expected-kills.ts';

export interface MatrixRow {
  personality: string;
  cells: Record<CheckId, Cell>;
  broken: string[];
  exitCode: number;
  wallMs: number;
  runDir: string;
}

export interface MatrixOptions {
  personalities: string[];
  timeScale: number;
  reportsDir?: string;
  onRow?: (row: MatrixRow) => void;
}

const discard = new Writable({ write: (_chunk, _enc, done) => done() });

export async function runKillMatrix(options: MatrixOptions): Promise<MatrixRow[]> {
  const reportsDir = options.reportsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hil-kill-matrix-'));
  const rows: MatrixRow[] = [];
  for (const personality of options.personalities) {
    const started = Date.now();
    const outcome = await qualify({
      lab: virtualLab({ timeScale: options.timeScale, personalities: personality === 'faithful' ? [] : [personality] }),
      reportsDir,
      runId: `${personality.replace(/[^A-Za-z0-9_.-]/g, '_')}-${started}`,
      stdout: discard,
    });
    const row: MatrixRow = {
      personality,
      cells: cellsOf(outcome.results),
      broken: brokenScenarios(outcome.results),
      exitCode: outcome.exitCode,
      wallMs: Date.now() - started,
      runDir: outcome.runDir,
    };
    rows.push(row);
    options.onRow?.(row);
  }
  return rows;
}

export interface RowJudgement {
  caught: CheckId[];
  missed: CheckId[];
  falseAlarms: CheckId[];
}

/** Compares a row with the checks the personality should break (none for `faithful`). */
export function judgeRow(row: MatrixRow, expected: Kill): RowJudgement {
  const entries = Object.entries(row.cells) as [CheckId, Cell][];
  const affected = expected.affects ?? [];
  return {
    caught: expected.fails.filter((id) => row.cells[id] === 'fail'),
    missed: expected.fails.filter((id) => row.cells[id] !== 'fail'),
    falseAlarms: entries
      .filter(([id, cell]) => !expected.fails.includes(id) && cell !== 'pass' && !(affected.includes(id) && (cell === 'fail' || cell === 'skip')))
      .map(([id]) => id),
  };
}

/** A personality this table does not know (a lab's own module) is expected to be caught by something. */
export function expectationFor(personality: string, table: Record<string, Kill>): Kill | undefined {
  return table[personality];
}
