/**
 * Playwright Test runs the scenarios: one project per board of the lab config (one
 * virtual board when there is none). `hil qualify` sets the run folder and the lab
 * through the environment (see harness/runner/settings.ts).
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { planBrokerPorts } from './harness/lab/broker-ports.ts';
import { timeScaleOf } from './harness/lab/schema.ts';
import type { BoardFixtureOptions } from './harness/runner/fixtures.ts';
import { setupLimitMs } from './harness/runner/time-limits.ts';
import { runSettings } from './harness/runner/settings.ts';

const settings = runSettings();
const brokerPorts = planBrokerPorts(settings.lab).ports;

export default defineConfig<BoardFixtureOptions, BoardFixtureOptions>({
  testDir: './scenarios',
  outputDir: path.join(settings.runDir, 'test-output'),
  fullyParallel: false,
  // Every board of the lab at once, each by one worker at a time: a project is a board,
  // and its `workers: 1` keeps two of its spec files from ever driving it together.
  workers: settings.lab.boards.length,
  retries: 0,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['./harness/report/progress-reporter.ts'],
    ['./harness/report/results-reporter.ts'],
    ['junit', { outputFile: path.join(settings.runDir, 'junit.xml') }],
    ['json', { outputFile: path.join(settings.runDir, 'playwright.json') }],
    ['html', { outputFolder: path.join(settings.runDir, 'playwright-report'), open: 'never' }],
  ],
  projects: settings.lab.boards.map((board) => ({
    name: board.name,
    workers: 1,
    // The base limit covers setup at the board's time scale; each wait adds its own deadline (harness/runner/time-limits.ts).
    timeout: setupLimitMs(timeScaleOf(board)),
    use: {
      boardSpec: board,
      labHost: settings.lab.host,
      brokerBind: { host: settings.lab.brokers.bind, ...brokerPorts.get(board.name)! },
    },
  })),
});
