/**
 * The soak: the faithful virtual board qualified again and again — `boards` at a time as
 * the boards of one lab, as a lab host runs them. Every verdict that is not `pass` is a
 * false alarm, except "not judged: host overloaded", which is counted apart (the run is
 * no pass, and no false alarm either); the rate per check says which checks (or
 * scenarios) are flaky, to be fixed at the root, not loosened.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CheckId, checkIds } from '../checks/input.ts';
import { qualifyBoards } from './kill-matrix.ts';
import { type StressSpec, StressError, startStress } from './stress.ts';

export interface SoakRun {
  run: number;
  exitCode: number;
  wallMs: number;
  notPassed: { id: CheckId; cell: string }[];
  /** Checks whose only non-passes were "not judged: host overloaded" (not in notPassed). */
  overloaded: CheckId[];
  /** Checks with no verdict in this run (all judged, unless narrowed by --grep). */
  unjudged: CheckId[];
  broken: string[];
  runDir: string;
  /** The host's 1-minute load average as the run ended. */
  loadAvg1: number;
}

export interface SoakSummary {
  runs: number;
  timeScale: number;
  /** Faithful boards qualified at once, as one lab (1: one after another). */
  boards: number;
  grep?: string;
  /** The load kept beside the soak (`--stress`), if any. */
  stress?: StressSpec;
  /** The 1-minute load average seen at the end of the runs: lowest and highest. */
  loadAvg1: { min: number; max: number };
  /** The soak was stopped by a signal before all its runs. */
  interrupted: boolean;
  perCheck: Record<CheckId, { falseFailures: number; rate: number; judgedRuns: number }>;
  brokenRuns: number;
  runsWithAnyFalseAlarm: number;
  /** Runs with no false alarm but some check the host kept from judging (no pass either). */
  runsOverloaded: number;
}

export interface SoakOptions {
  runs: number;
  timeScale: number;
  /** Faithful boards qualified at once as one lab (default 1). */
  boards?: number;
  reportsDir?: string;
  /** Only the scenarios whose title matches; checks without a verdict then are not counted. */
  grep?: string;
  /** A load kept running for the whole soak (stressNg() in stress.ts). */
  stress?: StressSpec;
  /** Called after every run with the runs so far, to write them as they come. */
  onRun?: (r: SoakRun, summary: SoakSummary, runs: readonly SoakRun[]) => void;
}

export async function soak(options: SoakOptions): Promise<{ runs: SoakRun[]; summary: SoakSummary }> {
  const reportsDir = options.reportsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hil-soak-'));
  const runs: SoakRun[] = [];
  let interrupted = false;
  const boards = options.boards ?? 1;
  const stress = options.stress && (await startStress(options.stress));
  try {
    for (let first = 1; first <= options.runs && !interrupted; first += boards) {
      const count = Math.min(boards, options.runs - first + 1);
      const started = Date.now();
      const rows = await qualifyBoards(
        Array.from({ length: count }, (_, k) => ({ name: `soak-${first + k}`, personalities: [] })),
        { timeScale: options.timeScale, concurrency: count, reportsDir, runName: `soak-${first}`, ...(options.grep ? { grep: options.grep } : {}) },
      );
      // A run cut short by Ctrl-C or SIGTERM is no qualification: its unfinished scenarios
      // would count as broken and every check as missing. The runs before it are the soak.
      interrupted = rows.some((r) => r.interrupted);
      if (interrupted) break;
      const ended = stress?.exitedWith();
      // A load that ended by itself leaves the rest of the soak unstressed: not what was asked for.
      if (ended) throw new StressError(`${options.stress!.command} exited (${ended.signal ?? `code ${ended.code}`}) during run ${first}: the soak is no longer under load; the runs before it are kept`);
      const wallMs = Date.now() - started;
      for (const [k, row] of rows.entries()) {
        const overloaded = row.overloaded ?? [];
        const run: SoakRun = {
          run: first + k,
          exitCode: row.exitCode,
          wallMs,
          // A narrowed soak leaves checks without evidence, or with too little to judge (the
          // pooled fuzz over a few scenarios): that is the filter, not an alarm (as in a narrowed kill matrix).
          notPassed: checkIds
            .filter((id) => row.cells[id] !== 'pass' && !overloaded.includes(id) && !(options.grep && (row.cells[id] === 'missing' || row.cells[id] === 'skip')))
            .map((id) => ({ id, cell: row.cells[id] })),
          overloaded,
          unjudged: checkIds.filter((id) => row.cells[id] === 'missing'),
          broken: row.broken,
          runDir: row.runDir,
          loadAvg1: os.loadavg()[0]!,
        };
        runs.push(run);
        options.onRun?.(run, summarise(runs, options, interrupted), runs);
      }
    }
  } finally {
    await stress?.stop();
  }
  return { runs, summary: summarise(runs, options, interrupted) };
}

function summarise(runs: readonly SoakRun[], options: SoakOptions, interrupted: boolean): SoakSummary {
  const perCheck = Object.fromEntries(
    checkIds.map((id) => {
      const n = runs.filter((r) => r.notPassed.some((x) => x.id === id)).length;
      return [id, { falseFailures: n, rate: runs.length ? n / runs.length : 0, judgedRuns: runs.filter((r) => !r.unjudged.includes(id)).length }];
    }),
  ) as SoakSummary['perCheck'];
  const loads = runs.map((r) => r.loadAvg1);
  return {
    runs: runs.length,
    timeScale: options.timeScale,
    boards: options.boards ?? 1,
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.stress ? { stress: options.stress } : {}),
    loadAvg1: { min: loads.length ? Math.min(...loads) : 0, max: loads.length ? Math.max(...loads) : 0 },
    interrupted,
    perCheck,
    brokenRuns: runs.filter((r) => r.broken.length > 0).length,
    runsWithAnyFalseAlarm: runs.filter((r) => r.notPassed.length > 0 || r.broken.length > 0).length,
    runsOverloaded: runs.filter((r) => r.notPassed.length === 0 && r.broken.length === 0 && r.overloaded.length > 0).length,
  };
}

export function renderSoak(summary: SoakSummary, date: string): string {
  // A narrowed soak shows only the checks it judged; a full one shows every check.
  const shown = summary.grep ? checkIds.filter((id) => summary.perCheck[id].judgedRuns > 0) : checkIds;
  const rows = shown.map((id) => `| \`${id}\` | ${summary.perCheck[id].falseFailures} | ${(100 * summary.perCheck[id].rate).toFixed(1)} % |`);
  const load = summary.stress
    ? ` Under load: \`${[summary.stress.command, ...summary.stress.args].join(' ')}\` for the whole soak; 1-minute load average at the end of the runs ${summary.loadAvg1.min.toFixed(1)}–${summary.loadAvg1.max.toFixed(1)}.`
    : ` 1-minute load average at the end of the runs ${summary.loadAvg1.min.toFixed(1)}–${summary.loadAvg1.max.toFixed(1)}.`;
  return [
    `Generated by \`npm run soak -- --runs ${summary.runs}${summary.boards > 1 ? ` --boards ${summary.boards}` : ''}${summary.grep ? ` --grep '${summary.grep}'` : ''}${summary.stress ? ' --stress' : ''} --write\` at time scale ${summary.timeScale} on ${date}: ` +
      `${summary.runs} qualification runs of the faithful virtual board${summary.boards > 1 ? ` (${summary.boards} boards of one lab at a time)` : ''}${summary.grep ? ` (only scenarios matching \`${summary.grep}\`)` : ''}${summary.interrupted ? ' (stopped early)' : ''}, ${summary.runsWithAnyFalseAlarm} with any false alarm, ${summary.brokenRuns} with a broken scenario` +
      `${summary.runsOverloaded > 0 ? `, ${summary.runsOverloaded} with checks not judged for host overload (no false alarm, no pass)` : ''}.${load}`,
    '',
    '| check | runs not passing | false-failure rate |',
    '|---|--:|--:|',
    ...rows,
  ].join('\n');
}
