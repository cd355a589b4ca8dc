/**
 * Several run folders (one per lab host, or per shard) into one qualification run
 * folder. Each source's per-scenario files, junit.xml and Playwright HTML report are
 * copied under `<out>/runs/<source run id>/`, their paths rewritten, and one results.json
 * written in the usual schema, with two differences:
 *
 * - `lab` is an array with one entry per source: `{ runId, harnessVersion, startedAt,
 *   finishedAt, status, lab }` (each lab already redacted by its run).
 * - A board keeps its name unless another source has a different board by that name (or
 *   the same board with the same scenarios, i.e. a repeated run rather than a shard): then
 *   it becomes `<name>@<source run id>`, in the board record, scenarios and verdicts.
 *
 * Whole-run verdicts (backoff.jitter-distribution) are judged again over the merged
 * scenarios' delays, so a board split over shards gets one, over its whole run.
 *
 * The merged status is a qualification's (passed) only when the sources together left
 * nothing out (merge-filter.ts): all n shards of one `--shard i/n` split, or every board.
 * Shards of different splits, or one shard twice, are refused before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.ts';
import { junitXml } from './junit.ts';
import { mergedFilter } from './merge-filter.ts';
import { loadResults } from './model.ts';
import { type BoardRecord, brokenReason, isFiltered, type RunFilter, type RunResults, type ScenarioRecord, WHOLE_RUN } from './results.ts';
import { delaysByBoard, runLevelVerdicts } from './run-level.ts';
import { mergedRunRef, type RunFile, runFile } from './run-folder.ts';

export interface MergeSource {
  dir: string;
  results: RunResults;
}

export interface MergeOutcome {
  outDir: string;
  results: RunResults;
  /** Boards renamed to keep them apart: source run id → old name → new name. */
  renamed: { runId: string; from: string; to: string }[];
}

function sameIdentity(a: BoardRecord, b: BoardRecord): boolean {
  return (
    a.kind === b.kind &&
    a.fwId === b.fwId &&
    a.info?.id === b.info?.id &&
    a.timeScale === b.timeScale &&
    JSON.stringify([...a.personalities].sort()) === JSON.stringify([...b.personalities].sort())
  );
}

const scenarioKey = (s: ScenarioRecord) => `${s.file}\u0000${s.title}`;

function mergedStatus(sources: RunResults[], merged: Pick<RunResults, 'scenarios' | 'verdicts'>, filter: RunFilter): RunResults['status'] {
  if (merged.verdicts.some((v) => v.verdict === 'fail')) return 'failed';
  if (sources.some((s) => s.status === 'running')) return 'running';
  if (sources.some((s) => s.status === 'interrupted')) return 'interrupted';
  const broken = merged.scenarios.some((s) => brokenReason(s, merged.verdicts) !== undefined);
  if (broken || sources.some((s) => s.status === 'error') || merged.scenarios.length === 0) return 'error';
  // Partial runs make a qualification only together: every shard, every board, no --grep.
  return isFiltered(filter) ? 'partial' : 'passed';
}

/** What a source keeps of its run folder in the merged one (results.json is copied too, always). */
const COPIED: readonly RunFile[] = ['scenarios', 'playwrightReport', 'junit', 'blobReport'];

function copyIfPresent(from: string, to: string): void {
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

export function mergeRuns(dirs: readonly string[], outDir: string): MergeOutcome {
  if (dirs.length === 0) throw new Error('nothing to merge: give at least one run folder');
  const sources: MergeSource[] = dirs.map((d) => {
    if (!fs.existsSync(d)) throw new Error(`no run folder at ${path.resolve(d)}`);
    const dir = fs.realpathSync(path.resolve(d));
    return { dir, results: loadResults(dir) };
  });
  // Before anything is written: shards that cannot make one run are refused.
  const filter = mergedFilter(sources.map((s) => s.results));
  fs.mkdirSync(path.resolve(outDir), { recursive: true });
  const out = fs.realpathSync(path.resolve(outDir));
  const clash = sources.find((s) => s.dir === out);
  if (clash) throw new Error(`the output folder ${out} is also a source: choose another --out`);

  const boards: Record<string, BoardRecord> = {};
  const scenariosOf = new Map<string, Set<string>>();
  const scenarios: ScenarioRecord[] = [];
  const verdicts: RunResults['verdicts'] = [];
  const renamed: MergeOutcome['renamed'] = [];
  const usedIds = new Set<string>();
  const labs: unknown[] = [];

  for (const { dir, results } of sources) {
    let runId = results.runId;
    for (let n = 2; usedIds.has(runId); n++) runId = `${results.runId}-${n}`;
    usedIds.add(runId);
    const prefix = mergedRunRef(runId);
    const target = path.join(out, prefix);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    for (const part of COPIED) copyIfPresent(runFile(dir, part), runFile(target, part));
    fs.copyFileSync(runFile(dir, 'results'), runFile(target, 'results'));

    const nameOf = new Map<string, string>();
    const names = new Set([...Object.keys(results.boards), ...results.scenarios.map((s) => s.board), ...results.verdicts.map((v) => v.board)]);
    for (const name of names) {
      const record = results.boards[name];
      const existing = boards[name];
      const mine = new Set(results.scenarios.filter((s) => s.board === name).map(scenarioKey));
      const theirs = scenariosOf.get(name);
      const overlap = theirs ? [...mine].some((k) => theirs.has(k)) : false;
      const clash = theirs !== undefined && (overlap || !existing || !record || !sameIdentity(existing, record));
      const finalName = clash ? `${name}@${runId}` : name;
      if (clash) renamed.push({ runId, from: name, to: finalName });
      nameOf.set(name, finalName);
      if (record) boards[finalName] = { ...record, name: finalName };
      const seen = scenariosOf.get(finalName) ?? new Set<string>();
      for (const k of mine) seen.add(k);
      scenariosOf.set(finalName, seen);
    }
    const rel = (p: string | undefined) => (p === undefined ? undefined : `${prefix}/${p.split(path.sep).join('/')}`);
    for (const s of results.scenarios) {
      const copy: ScenarioRecord = { ...s, board: nameOf.get(s.board) ?? s.board };
      for (const key of ['timeline', 'serialLog', 'checksInput'] as const) {
        const moved = rel(s[key]);
        if (moved) copy[key] = moved;
      }
      scenarios.push(copy);
    }
    // A source's whole-run verdicts judged only its part of the run: judged again below over the merge.
    for (const v of results.verdicts) if (v.scenario !== WHOLE_RUN) verdicts.push({ ...v, board: nameOf.get(v.board) ?? v.board });
    labs.push({
      runId,
      harnessVersion: results.harnessVersion,
      ...(results.provenance ? { provenance: results.provenance } : {}),
      startedAt: results.startedAt,
      ...(results.finishedAt ? { finishedAt: results.finishedAt } : {}),
      status: results.status,
      lab: results.lab,
    });
  }

  const all = sources.map((s) => s.results);
  // As the results reporter does at the end of a run; an interrupted source is not pooled (it would judge part of a run).
  if (!all.some((r) => r.status === 'interrupted')) verdicts.push(...runLevelVerdicts(delaysByBoard(scenarios)));
  const versions = [...new Set(all.map((r) => r.harnessVersion))];
  const started = all.map((r) => r.startedAt).sort()[0]!;
  const finished = all.map((r) => r.finishedAt).filter((f): f is string => f !== undefined).sort().at(-1);
  const merged: RunResults = {
    schema: 'mgos-hil/results@1',
    runId: path.basename(out),
    harnessVersion: versions.join(', '),
    startedAt: started,
    ...(finished ? { finishedAt: finished } : {}),
    status: 'running',
    ...(isFiltered(filter) ? { filter } : {}),
    lab: labs,
    boards,
    scenarios,
    verdicts,
  };
  merged.status = mergedStatus(all, merged, filter);
  writeJsonAtomic(runFile(out, 'results'), merged);
  // One junit.xml for the merged qualification, as a CI server reads one per job (each source's own stays under runs/).
  writeFileAtomic(runFile(out, 'junit'), junitXml(merged, { runDir: out, projectDir: process.cwd(), hostname: os.hostname() }));
  return { outDir: out, results: merged, renamed };
}
