/**
 * Playwright Test runs the scenarios: one project per board of the lab config (one
 * virtual board when there is none). `hil qualify` sets the run folder and the lab
 * through the environment (see harness/runner/settings.ts).
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import type { BoardFixtureOptions } from './harness/runner/fixtures.ts';
import { runSettings } from './harness/runner/settings.ts';

const settings = runSettings();

export default defineConfig<BoardFixtureOptions, BoardFixtureOptions>({
  testDir: './scenarios',
  outputDir: path.join(settings.runDir, 'test-output'),
  fullyParallel: false,
  // Each worker drives its own board; a physical board's serial port is opened by one test at a time.
  workers: Math.max(1, Math.min(settings.lab.boards.length, 2)),
  retries: 0,
  timeout: 240_000,
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
    use: { boardSpec: board, labHost: settings.lab.host, brokerBind: settings.lab.brokers },
  })),
});
