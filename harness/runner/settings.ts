/**
 * What a Playwright run needs to know about its qualification: the run folder and the
 * resolved lab config. `hil qualify` decides them and hands them over in the environment
 * (runEnv); playwright.config.ts reads them (runSettings) and passes them on as reporter
 * options and fixture options. Reading writes nothing: with no HIL_RUN_ID a fresh run is
 * decided, and pinning it for the worker processes is the config's business.
 *
 * Secrets (a board's Wi-Fi password…) never travel in the environment nor in the config's
 * options, which Playwright's reporters write out (its JSON reporter writes every project's
 * `use`): the environment carries the redacted lab, and the *path* of a private file
 * (mode 0600, outside the run folder) that holds the whole lab. Whoever needs a secret —
 * the worker configuring a board — reads it from there (runSettings(…).lab).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLab, virtualLab } from '../lab/load.ts';
import type { BoardSpec, LabConfig } from '../lab/schema.ts';
import type { RunFilter } from '../report/results.ts';
import { gitHead } from '../report/provenance.ts';
import { newRunId, runDirOf } from '../report/run-folder.ts';
import { redact } from '../secrets.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const reportsDir = path.join(projectRoot, 'reports');

export interface RunSettings {
  runId: string;
  runDir: string;
  /** The whole lab, secrets included when a lab file is named: pass on only `redact(lab)`. */
  lab: LabConfig;
  /** What the run leaves out (results.json records it). */
  filter?: RunFilter;
}

/** The environment variables a run travels in, from `hil qualify` to the config. */
export const RUN_ENV = { runId: 'HIL_RUN_ID', runDir: 'HIL_RUN_DIR', lab: 'HIL_LAB_JSON', labFile: 'HIL_LAB_FILE', filter: 'HIL_FILTER_JSON', tmpDir: 'HIL_TMP_DIR', reporter: 'HIL_REPORTER' } as const;

/** The run's environment: the lab in it is redacted; `labFile` (see writeLabFile) carries the secrets. */
export function runEnv(run: RunSettings & { labFile?: string }): Record<string, string> {
  return {
    [RUN_ENV.runId]: run.runId,
    [RUN_ENV.runDir]: run.runDir,
    [RUN_ENV.lab]: JSON.stringify(redact(run.lab)),
    ...(run.labFile ? { [RUN_ENV.labFile]: run.labFile } : {}),
    ...(run.filter ? { [RUN_ENV.filter]: JSON.stringify(run.filter) } : {}),
  };
}

/** The run the environment names; without one, a fresh run in reports/ on one virtual board. */
export function runSettings(env: Readonly<NodeJS.ProcessEnv> = process.env, decideRunId: () => string = newRunId): RunSettings {
  const runId = env[RUN_ENV.runId] ?? decideRunId();
  const runDir = env[RUN_ENV.runDir] ?? runDirOf(reportsDir, runId);
  const filter = env[RUN_ENV.filter];
  return { runId, runDir, lab: labOf(env), ...(filter ? { filter: JSON.parse(filter) as RunFilter } : {}) };
}

function labOf(env: Readonly<NodeJS.ProcessEnv>): LabConfig {
  const file = env[RUN_ENV.labFile];
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`${RUN_ENV.labFile} names ${file}, which cannot be read (${(err as Error).message}): it exists only while its hil qualify runs`);
    }
    return parseLab(JSON.parse(text), file);
  }
  const labJson = env[RUN_ENV.lab];
  return labJson ? parseLab(JSON.parse(labJson), RUN_ENV.lab) : virtualLab();
}

/** A board of the run's lab with its secrets (the fixtures get only the redacted spec as an option). */
export function boardWithSecrets(spec: BoardSpec, env: Readonly<NodeJS.ProcessEnv> = process.env): BoardSpec {
  if (!env[RUN_ENV.labFile]) return spec;
  const found = labOf(env).boards.find((b) => b.name === spec.name);
  if (!found) throw new Error(`board "${spec.name}" is not in the lab file ${env[RUN_ENV.labFile]}`);
  return found;
}

export interface LabFile {
  /** The run's private folder (0700): the lab file, and the workers' temp state (runTempDir). */
  dir: string;
  path: string;
  /** Removes the file and its folder; safe to call more than once. */
  remove(): void;
}

/** The whole lab in a private file (its own 0700 folder, mode 0600) for the run's processes to read. */
export function writeLabFile(lab: LabConfig, tmpRoot: string = os.tmpdir()): LabFile {
  const dir = fs.mkdtempSync(path.join(tmpRoot, 'hil-lab-'));
  fs.chmodSync(dir, 0o700);
  const file = path.join(dir, 'lab.json');
  fs.writeFileSync(file, JSON.stringify(lab), { mode: 0o600 });
  return { dir, path: file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Where a worker keeps temp state (a virtual board's flash): the run's private folder under hil qualify. */
export function runTempDir(env: Readonly<NodeJS.ProcessEnv> = process.env): string {
  return env[RUN_ENV.tmpDir] ?? os.tmpdir();
}

/** The harness version results.json records: package.json's. */
export function harnessVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version as string;
}

/** The harness's git commit (for `hil --version`); undefined outside a git checkout (or without git). */
export function harnessCommit(): string | undefined {
  return gitHead(projectRoot);
}

/**
 * What a plain `npx playwright test …` leaves out, read from its command line (`hil qualify`
 * hands its filter over in the environment instead): --grep/-g, --grep-invert, --project, --shard.
 * So that such a run is recorded as partial, never passed.
 */
export function filterOfArgv(argv: readonly string[], labBoards: readonly string[]): RunFilter | undefined {
  const values = (names: readonly string[]): string[] =>
    argv.flatMap((a, i) => {
      const eq = names.map((n) => `${n}=`).find((p) => a.startsWith(p));
      if (eq) return [a.slice(eq.length)];
      return names.includes(a) && argv[i + 1] !== undefined ? [argv[i + 1]!] : [];
    });
  const [grep] = values(['--grep', '-g']);
  const [grepInvert] = values(['--grep-invert', '-gv']);
  const projects = values(['--project']);
  const shard = values(['--shard']).map((v) => /^(\d+)\/(\d+)$/.exec(v)).find((m) => m !== null);
  const filter: RunFilter = {
    ...(grep ? { grep } : {}),
    ...(grepInvert ? { grepInvert } : {}),
    ...(projects.length > 0 ? { boards: { ran: labBoards.filter((b) => projects.includes(b)), of: [...labBoards] } } : {}),
    ...(shard ? { shard: { ran: [Number(shard[1])], of: Number(shard[2]) } } : {}),
  };
  return Object.keys(filter).length > 0 ? filter : undefined;
}
