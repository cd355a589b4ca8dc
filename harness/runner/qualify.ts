/**
 * A qualification run: resolve the lab (or one virtual board), run the scenarios with
 * Playwright Test into reports/<run id>/, point reports/latest at it, and turn the
 * results into an exit status: 0 every check passed, 1 a check failed, 2 the run could
 * not happen (or a scenario broke before its checks could judge).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { type LabConfig, labConfig } from '../lab/schema.ts';
import { writeJsonAtomic } from '../report/atomic-write.ts';
import { redact } from '../secrets.ts';
import { brokenReason, type RunResults } from '../report/results.ts';
import { describeRender, type RenderOutcome, renderReport } from '../report/render.ts';
import { LATEST_LINK, newRunId, runDirOf, runFile } from '../report/run-folder.ts';
import { projectRoot, reportsDir as defaultReportsDir, runEnv } from './settings.ts';

export interface QualifyOptions {
  lab: LabConfig;
  grep?: string;
  grepInvert?: string;
  /** At most this many boards qualified at once (default: all of them). */
  workers?: number;
  reportsDir?: string;
  runId?: string;
  /** Extra output (Playwright's list reporter) goes here. */
  stdout?: NodeJS.WritableStream;
}

export interface QualifyOutcome {
  exitCode: 0 | 1 | 2;
  runDir: string;
  results: RunResults | undefined;
  summary: string;
  /** The qualification report (index.html, report.pdf when Chromium was found). */
  report?: RenderOutcome;
}

const playwrightCli = path.join(projectRoot, 'node_modules', '@playwright', 'test', 'cli.js');

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
  const lines = [
    `${results.scenarios.length} scenarios, ${results.verdicts.length} verdicts: ${count('pass')} pass, ${count('fail')} fail, ${count('skip')} skip`,
    ...failed.map((v) => `  FAIL ${v.board} ${v.id} (${v.scenario}): ${v.reason}`),
    ...results.verdicts.filter((v) => v.verdict === 'skip').map((v) => `  SKIP ${v.board} ${v.id} (${v.scenario}): ${v.reason}`),
    ...broken.map(({ s, reason }) => `  BROKEN ${s.board} "${s.title}": ${reason}`),
  ];
  const exitCode = failed.length > 0 ? 1 : broken.length > 0 || results.scenarios.length === 0 ? 2 : 0;
  return { exitCode, summary: lines.join('\n') };
}

export async function qualify(options: QualifyOptions): Promise<QualifyOutcome> {
  const lab = labConfig.parse(options.lab);
  const reportsDir = options.reportsDir ?? defaultReportsDir;
  // The run is decided here, once; the config reads it from the environment in every Playwright process.
  const runId = options.runId ?? newRunId();
  const runDir = runDirOf(reportsDir, runId);
  fs.mkdirSync(runDir, { recursive: true });
  writeJsonAtomic(runFile(runDir, 'lab'), redact(lab));
  const args = [playwrightCli, 'test', '--config', path.join(projectRoot, 'playwright.config.ts')];
  if (options.grep) args.push('--grep', options.grep);
  if (options.grepInvert) args.push('--grep-invert', options.grepInvert);
  // At most this many boards at once (default: every board of the lab).
  if (options.workers !== undefined) args.push('--workers', String(options.workers));
  const child = execa(process.execPath, args, {
    cwd: projectRoot,
    env: {
      ...runEnv({ runId, runDir, lab }),
      FORCE_COLOR: '0',
      // Live progress lines only when a person watches a terminal.
      HIL_PROGRESS: options.stdout === undefined && process.stdout.isTTY ? '1' : '0',
    },
    reject: false,
    all: true,
    buffer: false,
  });
  child.all?.pipe(options.stdout ?? process.stdout, { end: false });
  await child;
  pointLatest(reportsDir, runId);
  const file = runFile(runDir, 'results');
  const results = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults) : undefined;
  const out = options.stdout ?? process.stdout;
  let report: RenderOutcome | undefined;
  if (results) {
    // The report is a view of results.json: failing to draw it must not change the verdicts.
    try {
      report = await renderReport(runDir);
      out.write(`\n${describeRender(report)}\n`);
    } catch (err) {
      out.write(`\nthe qualification report could not be rendered: ${(err as Error).message}\nre-try with: npx hil report ${runDir}\n`);
    }
  }
  return { ...summarise(results), runDir, results, ...(report ? { report } : {}) };
}
