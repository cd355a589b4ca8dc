/**
 * What a Playwright run needs to know about its qualification: the run folder and the
 * resolved lab config. `hil qualify` decides them and hands them over in the environment
 * (runEnv); playwright.config.ts reads them (runSettings) and passes them on as reporter
 * options and fixture options. Reading writes nothing: with no HIL_RUN_ID a fresh run is
 * decided, and pinning it for the worker processes is the config's business.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLab, virtualLab } from '../lab/load.ts';
import type { LabConfig } from '../lab/schema.ts';
import { newRunId, runDirOf } from '../report/run-folder.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const reportsDir = path.join(projectRoot, 'reports');

export interface RunSettings {
  runId: string;
  runDir: string;
  lab: LabConfig;
}

/** The environment variables a run travels in, from `hil qualify` to the config. */
export const RUN_ENV = { runId: 'HIL_RUN_ID', runDir: 'HIL_RUN_DIR', lab: 'HIL_LAB_JSON' } as const;

export function runEnv(run: RunSettings): Record<string, string> {
  return { [RUN_ENV.runId]: run.runId, [RUN_ENV.runDir]: run.runDir, [RUN_ENV.lab]: JSON.stringify(run.lab) };
}

/** The run the environment names; without one, a fresh run in reports/ on one virtual board. */
export function runSettings(env: Readonly<NodeJS.ProcessEnv> = process.env, decideRunId: () => string = newRunId): RunSettings {
  const runId = env[RUN_ENV.runId] ?? decideRunId();
  const runDir = env[RUN_ENV.runDir] ?? runDirOf(reportsDir, runId);
  const labJson = env[RUN_ENV.lab];
  const lab = labJson ? parseLab(JSON.parse(labJson), RUN_ENV.lab) : virtualLab();
  return { runId, runDir, lab };
}

/** The harness version results.json records: package.json's. */
export function harnessVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version as string;
}
