/**
 * The run folder's layout, in one place. The fixtures write into it, the reporters and
 * the report read it, merge copies it; each asks here rather than spelling a file name.
 *
 *   reports/<run id>/                 (reports/latest → the newest)
 *     lab.json  results.json  junit.xml  playwright.json  playwright-report/  test-output/
 *     blob-report/                    (a shard: Playwright's blob report)
 *     index.html  report.pdf  report-model.json  report-paper.html (a lab-sized run's PDF source)
 *     scenarios/<board>/<slug>.serial.log  .timeline.jsonl  .checks-input.json
 *     runs/<source run id>/…          (a merged folder: each source's folder)
 *
 * Paths inside results.json are relative to the run folder, with `/`, so a folder can be
 * moved, copied or merged and still find its evidence; RUN_FILES are such paths.
 */
import path from 'node:path';

export const RUN_FILES = {
  /** The resolved lab config, secrets redacted, as `hil qualify` ran it. */
  lab: 'lab.json',
  results: 'results.json',
  junit: 'junit.xml',
  playwrightJson: 'playwright.json',
  playwrightReport: 'playwright-report',
  playwrightReportIndex: 'playwright-report/index.html',
  /** Playwright's blob report of a shard (`--shard`), what `playwright merge-reports` reads. */
  blobReport: 'blob-report',
  /** Playwright's outputDir. */
  testOutput: 'test-output',
  html: 'index.html',
  pdf: 'report.pdf',
  /** The condensed page report.pdf was printed from, for a lab-sized run (paper.ts). */
  paper: 'report-paper.html',
  reportModel: 'report-model.json',
  scenarios: 'scenarios',
  /** A merged folder's copies of its sources. */
  mergedRuns: 'runs',
} as const;

export type RunFile = keyof typeof RUN_FILES;

/** The link in the reports folder that points at the newest run. */
export const LATEST_LINK = 'latest';

/** The JSON attachments a scenario hands to the results reporter. */
export const VERDICT_ATTACHMENT = 'hil-verdicts';
export const BOARD_ATTACHMENT = 'hil-board';
export const FILES_ATTACHMENT = 'hil-files';
export const BROKEN_ATTACHMENT = 'hil-broken';
/** The scenario's reconnect delays as fuzz fractions, pooled by the reporter into run-level verdicts. */
export const DELAYS_ATTACHMENT = 'hil-delays';

/** A sortable wall-clock stamp, and the pid so two runs started in the same second stay apart. */
export function newRunId(date = new Date(), pid = process.pid): string {
  const stamp = date.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  return `${stamp}-${pid}`;
}

export function runDirOf(reportsDir: string, runId: string): string {
  return path.join(reportsDir, runId);
}

export function runFile(runDir: string, file: RunFile): string {
  return path.join(runDir, RUN_FILES[file]);
}

/** Where a merged folder keeps one source: `runs/<source run id>`. */
export function mergedRunRef(sourceRunId: string): string {
  return `${RUN_FILES.mergedRuns}/${sourceRunId}`;
}

/** A repeat (`--repeat-each`) after the first gets files of its own: `repeat N` ends its titles. */
const withRepeat = (titles: string[], repeatEachIndex: number | undefined): string[] => (repeatEachIndex ? [...titles, `repeat ${repeatEachIndex + 1}`] : titles);

/** The titles that name a scenario's files: its describes and its own title, not the spec file. */
export function titlesOfTestInfo(testInfo: { titlePath: readonly string[]; repeatEachIndex?: number }): string[] {
  return withRepeat(testInfo.titlePath.slice(1), testInfo.repeatEachIndex); // [file, …describes, title]
}

export function titlesOfTestCase(test: { titlePath(): string[]; repeatEachIndex?: number }): string[] {
  return withRepeat(test.titlePath().slice(3), test.repeatEachIndex); // ['', project, file, …describes, title]
}

/** The file name a scenario's evidence gets: its titles, in safe characters, at most 80. */
export function scenarioSlug(titles: readonly string[]): string {
  return titles.join(' ').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

const SCENARIO_SUFFIX = { serialLog: '.serial.log', timeline: '.timeline.jsonl', checksInput: '.checks-input.json' } as const;

export interface ScenarioFiles {
  /** scenarios/<board>/ of the run folder. */
  dir: string;
  serialLog: string;
  timeline: string;
  checksInput: string;
}

/** Relative to the run folder, as a scenario record of results.json carries them. */
export type ScenarioFileRefs = Omit<ScenarioFiles, 'dir'>;

export function scenarioFiles(runDir: string, board: string, titles: readonly string[]): ScenarioFiles {
  const dir = path.join(runDir, RUN_FILES.scenarios, board);
  const base = path.join(dir, scenarioSlug(titles));
  return {
    dir,
    serialLog: base + SCENARIO_SUFFIX.serialLog,
    timeline: base + SCENARIO_SUFFIX.timeline,
    checksInput: base + SCENARIO_SUFFIX.checksInput,
  };
}

export function scenarioFileRefs(runDir: string, files: ScenarioFiles): ScenarioFileRefs {
  const ref = (file: string) => path.relative(runDir, file).split(path.sep).join('/');
  return { timeline: ref(files.timeline), serialLog: ref(files.serialLog), checksInput: ref(files.checksInput) };
}

/** The slug back from a recorded timeline path: its file name without the timeline suffix. */
export function scenarioSlugOf(timelineRef: string): string {
  const name = path.basename(timelineRef);
  return name.endsWith(SCENARIO_SUFFIX.timeline) ? name.slice(0, -SCENARIO_SUFFIX.timeline.length) : name;
}
