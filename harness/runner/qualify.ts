/**
 * A qualification run: resolve the lab (or one virtual board), run the scenarios with
 * Playwright Test into reports/<run id>/, point reports/latest at it, and turn the
 * results into an exit status: 0 every check passed, 1 a check failed, 2 the run could
 * not happen (or a scenario broke before its checks could judge), 130 it was interrupted.
 *
 * Interrupting (SIGINT, SIGTERM): Playwright runs in a process group of its own and is
 * handed one SIGINT, on which it stops its workers (each in-flight scenario ends as
 * `interrupted`, the fixtures tear down: virtual boards, brokers, temp folders) and calls
 * the reporters' onEnd. Then the run is finalised here as after any run — results.json
 * closed as interrupted if the reporter could not, latest pointed at it, the report
 * rendered — and 130 returned. A second signal quits at once: the process group is
 * killed, results.json closed, temp state removed, and the process exits 130.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { type LabConfig, labConfig } from '../lab/schema.ts';
import { writeJsonAtomic } from '../report/atomic-write.ts';
import { redact } from '../secrets.ts';
import { isOverloadedSkip } from '../checks/host-load.ts';
import { brokenReason, describeFilter, finaliseInterrupted, isFiltered, type RunFilter, type RunResults } from '../report/results.ts';
import { describeRender, type RenderOutcome, renderReport } from '../report/render.ts';
import { colourWanted } from '../report/terminal.ts';
import { LATEST_LINK, newRunId, runDirOf, runFile } from '../report/run-folder.ts';
import { projectRoot, reportsDir as defaultReportsDir, RUN_ENV, runEnv, writeLabFile } from './settings.ts';
import { type Shard, shardArg } from './shard.ts';

export interface QualifyOptions {
  lab: LabConfig;
  grep?: string;
  grepInvert?: string;
  /** At most this many boards qualified at once (default: all of them). */
  workers?: number;
  /** More Playwright options, passed on as they are (--repeat-each N, --max-failures N…). */
  playwrightArgs?: string[];
  /** Playwright's reporter for the terminal instead of `list` (dot, line…); the run's own reporters stay. */
  reporter?: string;
  /** The boards the lab was narrowed to (`--board`), of all it has: recorded as the run's filter. */
  boards?: { ran: string[]; of: string[] };
  /** Only this shard of the scenarios (`--shard i/n`): recorded as the run's filter, merged by `hil report --merge`. */
  shard?: Shard;
  reportsDir?: string;
  runId?: string;
  /**
   * Draw the qualification report (index.html, report.pdf) at the end (default true). The
   * kill matrix and mutation runs judge from results.json alone: a 48-board report took
   * Chromium 30 minutes to print; `hil report DIR` draws it later when wanted.
   */
  renderReport?: boolean;
  /** Extra output (Playwright's list reporter) goes here. */
  stdout?: NodeJS.WritableStream;
  /** How long Playwright may take to stop after a signal before its process group is killed. */
  stopGraceMs?: number;
}

export type QualifyExitCode = 0 | 1 | 2 | 130;

export interface QualifyOutcome {
  exitCode: QualifyExitCode;
  runDir: string;
  results: RunResults | undefined;
  summary: string;
  /** The qualification report (index.html, report.pdf when Chromium was found). */
  report?: RenderOutcome;
  /** The signal that stopped the run, if one did. */
  interruptedBy?: NodeJS.Signals;
}

/** Exit status of a run stopped by a signal: 128 + SIGINT's 2, as a shell reports it. */
export const EXIT_INTERRUPTED = 130;

const DEFAULT_STOP_GRACE_MS = 30_000;

export const playwrightCli = path.join(projectRoot, 'node_modules', '@playwright', 'test', 'cli.js');

export function pointLatest(reportsDir: string, runId: string): void {
  const link = path.join(reportsDir, LATEST_LINK);
  const tmp = `${link}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(runId, tmp);
  fs.renameSync(tmp, link);
}

export function summarise(results: RunResults | undefined): { exitCode: 0 | 1 | 2; summary: string } {
  if (!results) return { exitCode: 2, summary: 'no results were written: the run did not start' };
  const count = (v: string) => results.verdicts.filter((x) => x.verdict === v).length;
  const broken = results.scenarios.flatMap((s) => {
    const reason = brokenReason(s, results.verdicts);
    return reason === undefined ? [] : [{ s, reason }];
  });
  const failed = results.verdicts.filter((v) => v.verdict === 'fail');
  const unfinished = results.status === 'running' || results.status === 'interrupted';
  // Scenarios that did not pass, though nothing failed and nothing broke: a check they require was not judged.
  // (The verdicts grouped once: a 32-board lab has ~2 000 scenarios and ~11 000 verdicts.)
  const key = (x: { board: string; file: string }, title: string) => `${x.board}\0${x.file}\0${title}`;
  const byScenario = new Map<string, RunResults['verdicts'][number][]>();
  for (const v of results.verdicts) {
    const k = key(v, v.scenario);
    const list = byScenario.get(k);
    if (list) list.push(v);
    else byScenario.set(k, [v]);
  }
  const brokenSet = new Set(broken.map(({ s }) => s));
  const unjudged = results.scenarios.filter(
    (s) => (s.status === 'failed' || s.status === 'timedOut') && !brokenSet.has(s) && !(byScenario.get(key(s, s.title)) ?? []).some((v) => v.verdict === 'fail'),
  );
  const overloaded = unjudged.filter((s) => (byScenario.get(key(s, s.title)) ?? []).some((v) => !v.incidental && isOverloadedSkip(v)));
  const lines = [
    `${results.scenarios.length} scenarios, ${results.verdicts.length} verdicts: ${count('pass')} pass, ${count('fail')} fail, ${count('skip')} skip`,
    ...failed.map((v) => `  FAIL ${v.board} ${v.id} (${v.scenario}): ${v.reason}`),
    ...results.verdicts.filter((v) => v.verdict === 'skip').map((v) => `  SKIP ${v.board} ${v.id} (${v.scenario}): ${v.reason}`),
    ...broken.map(({ s, reason }) => `  ${s.status === 'interrupted' ? 'INTERRUPTED' : 'BROKEN'} ${s.board} "${s.title}": ${reason}`),
    ...(unjudged.length > 0
      ? [
          `NOT JUDGED: ${unjudged.length} scenario(s) ended with a check they require not judged (SKIP above), so this run qualifies nothing` +
            (overloaded.length > 0 ? `; ${overloaded.length} of them because the host was overloaded: run fewer boards at once, or on a quieter host` : ''),
        ]
      : []),
    ...(results.status === 'interrupted' ? ['INTERRUPTED: the run was stopped before its end; the verdicts above are those of the scenarios that finished'] : []),
    ...(results.status === 'running' ? ['DID NOT FINISH: results.json still says "running" — its run is still going, or its process died'] : []),
    ...(isFiltered(results.filter) ? [`PARTIAL: not a qualification — ${describeFilter(results.filter)}`] : []),
  ];
  const exitCode = failed.length > 0 ? 1 : unfinished || broken.length > 0 || unjudged.length > 0 || results.scenarios.length === 0 ? 2 : 0;
  return { exitCode, summary: lines.join('\n') };
}

function readResults(runDir: string): RunResults | undefined {
  const file = runFile(runDir, 'results');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults) : undefined;
}

/** results.json of a run stopped before it could close it: closed as interrupted. */
function closeInterrupted(runDir: string): RunResults | undefined {
  const results = readResults(runDir);
  if (!results) return undefined;
  const closed = finaliseInterrupted(results);
  if (closed !== results) writeJsonAtomic(runFile(runDir, 'results'), closed);
  return closed;
}

/** A signal to the whole process group Playwright leads; a group already gone is fine. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export async function qualify(options: QualifyOptions): Promise<QualifyOutcome> {
  const lab = labConfig.parse(options.lab);
  const reportsDir = options.reportsDir ?? defaultReportsDir;
  const out = options.stdout ?? process.stdout;
  // The run is decided here, once; the config reads it from the environment in every Playwright process.
  const runId = options.runId ?? newRunId();
  const runDir = runDirOf(reportsDir, runId);
  fs.mkdirSync(runDir, { recursive: true });
  writeJsonAtomic(runFile(runDir, 'lab'), redact(lab));
  const filter: RunFilter = {
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.grepInvert ? { grepInvert: options.grepInvert } : {}),
    ...(options.boards ? { boards: options.boards } : {}),
    ...(options.shard ? { shard: { ran: [options.shard.index], of: options.shard.total } } : {}),
  };
  // The whole lab, secrets included, and the workers' temp state (a virtual board's saved
  // config) live in one private folder outside the run folder, removed however the run ends.
  const runTemp = writeLabFile(lab, os.tmpdir());
  const args = [playwrightCli, 'test', '--config', path.join(projectRoot, 'playwright.config.ts')];
  if (options.grep) args.push('--grep', options.grep);
  if (options.grepInvert) args.push('--grep-invert', options.grepInvert);
  if (options.shard) args.push('--shard', shardArg(options.shard));
  // At most this many boards at once (default: every board of the lab).
  if (options.workers !== undefined) args.push('--workers', String(options.workers));
  args.push(...(options.playwrightArgs ?? []));
  const child = execa(process.execPath, args, {
    cwd: projectRoot,
    env: {
      ...runEnv({ runId, runDir, lab, labFile: runTemp.path, ...(isFiltered(filter) ? { filter } : {}) }),
      [RUN_ENV.tmpDir]: runTemp.dir,
      // Playwright's output is a pipe to us: colour and live lines as our own terminal allows (NO_COLOR, FORCE_COLOR).
      FORCE_COLOR: options.stdout === undefined && colourWanted(process.stdout) ? '1' : '0',
      ...(options.reporter ? { [RUN_ENV.reporter]: options.reporter } : {}),
      // Live progress lines only when a person watches a terminal.
      HIL_PROGRESS: options.stdout === undefined && process.stdout.isTTY ? '1' : '0',
      ...(options.stdout === undefined && process.stdout.columns ? { COLUMNS: String(process.stdout.columns) } : {}),
    },
    // Its own process group: a terminal's Ctrl-C reaches hil alone, which hands Playwright
    // exactly one SIGINT, and can kill the whole group (workers, virtual boards) at once.
    detached: true,
    reject: false,
    all: true,
    buffer: false,
  });
  child.all?.pipe(out, { end: false });

  let interruptedBy: NodeJS.Signals | undefined;
  let forceKill: NodeJS.Timeout | undefined;
  const quitAtOnce = () => {
    signalGroup(child.pid, 'SIGKILL');
    runTemp.remove();
    const results = closeInterrupted(runDir);
    if (results) pointLatest(reportsDir, runId);
    out.write(`\nstopped at once: ${runDir}${results ? ` (results.json: interrupted, ${results.verdicts.length} verdicts kept); render its report with: npx hil report ${runDir}` : ' (no results were written)'}\n`);
    process.exit(EXIT_INTERRUPTED);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptedBy !== undefined) return quitAtOnce();
    interruptedBy = signal;
    out.write(`\n${signal}: stopping the scenarios, then writing the report of what finished (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again quits at once)\n`);
    signalGroup(child.pid, 'SIGINT');
    forceKill = setTimeout(() => {
      out.write(`\nPlaywright did not stop within ${(options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS) / 1000} s: killing it\n`);
      signalGroup(child.pid, 'SIGKILL');
    }, options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await child;
    clearTimeout(forceKill);
    // Workers killed with the group could not tear down: nothing of theirs may outlive the run.
    runTemp.remove();
    const results = interruptedBy ? closeInterrupted(runDir) : readResults(runDir);
    if (results || !interruptedBy) pointLatest(reportsDir, runId);
    let report: RenderOutcome | undefined;
    if (results && options.renderReport === false) {
      out.write(`\nreport not drawn (judged from results.json); draw it with: npx hil report ${runDir}\n`);
    } else if (results) {
      // The report is a view of results.json: failing to draw it must not change the verdicts.
      try {
        report = await renderReport(runDir);
        out.write(`\n${describeRender(report)}\n`);
      } catch (err) {
        out.write(`\nthe qualification report could not be rendered: ${(err as Error).message}\nre-try with: npx hil report ${runDir}\n`);
      }
    }
    const summary = summarise(results);
    if (interruptedBy) {
      out.write(`\ninterrupted (${interruptedBy}): ${results ? `the run so far is in ${runDir} (status ${results.status}); ${LATEST_LINK} points at it` : 'before any result was written'}\n`);
      return { ...summary, exitCode: EXIT_INTERRUPTED, runDir, results, interruptedBy, ...(report ? { report } : {}) };
    }
    return { ...summary, runDir, results, ...(report ? { report } : {}) };
  } finally {
    clearTimeout(forceKill);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    runTemp.remove();
  }
}
