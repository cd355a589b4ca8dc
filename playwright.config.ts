/**
 * Playwright Test runs the scenarios: one project per board of the lab config (one
 * virtual board when there is none). `hil qualify` decides the run folder and the lab and
 * hands them over in the environment (harness/runner/settings.ts); from here they reach
 * the reporters as their options and the fixtures as fixture options.
 */
import { defineConfig } from '@playwright/test';
import { planBrokerPorts } from './harness/lab/broker-ports.ts';
import { timeScaleOf } from './harness/lab/schema.ts';
import type { ProgressOptions } from './harness/report/progress-reporter.ts';
import type { ResultsReporterOptions } from './harness/report/results-reporter.ts';
import { runFile } from './harness/report/run-folder.ts';
import type { BoardFixtureOptions } from './harness/runner/fixtures.ts';
import { filterOfArgv, harnessVersion, projectRoot, RUN_ENV, runSettings, runTempDir } from './harness/runner/settings.ts';
import type { WaveReporterOptions } from './harness/runner/wave-reporter.ts';
import { setupLimitMs } from './harness/runner/time-limits.ts';
import { redact } from './harness/secrets.ts';

const settings = runSettings(process.env);
// A plain `npx playwright test` decides its run here. Every worker process evaluates this
// file again and inherits this process's environment: pinning the run in it is what puts
// all workers into the same folder. Under `hil qualify` these are already what it set.
process.env[RUN_ENV.runId] = settings.runId;
process.env[RUN_ENV.runDir] = settings.runDir;

const { runId, runDir } = settings;
// Everything below is written out by some reporter (the JSON reporter writes every
// project's `use`): it gets the lab without its secrets; the fixtures look them up (settings.ts).
const lab = redact(settings.lab);
const brokerPorts = planBrokerPorts(lab).ports;

// A plain `npx playwright test --grep …` is recorded as partial too (hil qualify hands its filter over).
const filter = settings.filter ?? filterOfArgv(process.argv, lab.boards.map((b) => b.name));
const results: ResultsReporterOptions = {
  runDir,
  runId,
  lab,
  harnessVersion: harnessVersion(),
  projectDir: projectRoot,
  ...(filter ? { filter } : {}),
};
const progress: ProgressOptions = {
  runDir,
  timeScales: Object.fromEntries(lab.boards.map((b) => [b.name, timeScaleOf(b)])),
  // Live progress lines on a terminal, or when `hil qualify` (whose output is the terminal) asks.
  ...(process.env.HIL_PROGRESS === '1' ? { live: true } : {}),
};

// `--list` only lists: no run folder, no results (a listing is no qualification).
const listing = process.argv.includes('--list');
// The terminal's reporter: `list`, or the one `hil qualify --reporter` names (the run's own reporters stay).
const terminal = process.env[RUN_ENV.reporter] ?? 'list';

export default defineConfig<BoardFixtureOptions, BoardFixtureOptions>({
  testDir: './scenarios',
  outputDir: runFile(runDir, 'testOutput'),
  fullyParallel: false,
  // Every board of the lab at once, each by one worker at a time: a project is a board,
  // and its `workers: 1` keeps two of its spec files from ever driving it together.
  workers: lab.boards.length,
  retries: 0,
  expect: { timeout: 10_000 },
  reporter: listing
    ? [['list']]
    : [
        // Before the terminal reporter: its live block makes way before every line that one prints.
        ['./harness/report/progress-reporter.ts', progress],
        // Which boards start together before any scenario runs (harness/runner/start-wave.ts).
        ['./harness/runner/wave-reporter.ts', { runId, tempRoot: runTempDir() } satisfies WaveReporterOptions],
        [terminal],
        ['./harness/report/results-reporter.ts', results],
        // junit.xml is written by the results reporter, from results.json (harness/report/junit.ts).
        ['json', { outputFile: runFile(runDir, 'playwrightJson') }],
        ['html', { outputFolder: runFile(runDir, 'playwrightReport'), open: 'never' }],
        // A shard also leaves its blob, from which a merge draws one Playwright report of all shards.
        ...(settings.filter?.shard ? [['blob', { outputDir: runFile(runDir, 'blobReport') }] as ['blob', { outputDir: string }]] : []),
      ],
  projects: lab.boards.map((board) => ({
    name: board.name,
    workers: 1,
    // A board confined to some scenarios (the kill matrix's personalities) runs only those.
    ...(board.kind === 'virtual' && board.scenarios ? { grep: new RegExp(board.scenarios) } : {}),
    // The base limit covers setup at the board's time scale; each wait adds its own deadline (harness/runner/time-limits.ts).
    timeout: setupLimitMs(timeScaleOf(board)),
    use: {
      runDir,
      boardSpec: board,
      labHost: lab.host,
      brokerBind: { host: lab.brokers.bind, ...brokerPorts.get(board.name)! },
    },
  })),
});
