/**
 * What `hil qualify` tells the Playwright run through the environment: the run folder and
 * the resolved lab config. Run `npx playwright test` directly and you get a virtual board
 * and a run folder of your own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLab, virtualLab } from '../lab/load.ts';
import type { LabConfig } from '../lab/schema.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunSettings {
  projectRoot: string;
  runId: string;
  runDir: string;
  lab: LabConfig;
}

export function newRunId(date = new Date()): string {
  const stamp = date.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  return `${stamp}-${process.pid}`;
}

let cached: RunSettings | undefined;

export function runSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
  if (cached) return cached;
  const runId = env.HIL_RUN_ID ?? newRunId();
  const runDir = env.HIL_RUN_DIR ?? path.join(projectRoot, 'reports', runId);
  // Keep the same run for every Playwright worker process.
  env.HIL_RUN_ID = runId;
  env.HIL_RUN_DIR = runDir;
  const lab = env.HIL_LAB_JSON ? parseLab(JSON.parse(env.HIL_LAB_JSON), 'HIL_LAB_JSON') : virtualLab();
  cached = { projectRoot, runId, runDir, lab };
  return cached;
}
