/**
 * A mutation run: instrument harness/virtual/mqtt/, qualify the instrumented board with no
 * mutant on (the baseline: it must pass every check, and it tells which mutants the
 * qualification reaches), then qualify one board per sampled mutant, as the boards of one
 * lab (`qualifyBoards`, the kill matrix's machinery), a batch at a time. The report is
 * written after every batch, so a stopped run keeps what it measured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckId } from '../checks/input.ts';
import { type BoardRow, qualifyBoards } from '../power/kill-matrix.ts';
import { writeJsonAtomic } from '../report/atomic-write.ts';
import { classify, type Excused, excusedBy, type MutantResult, NOTHING_EXCUSED, preAnalysis } from './classify.ts';
import { instrumentMqtt, type MutantInfo, MutationError } from './instrument.ts';
import { fileFilter, sampleIds } from './sample.ts';

/**
 * The default sample: sized so that the whole run fits in 2 h on a 2-core host at the
 * measured cost per mutant (docs/check-power.md, "Mutation testing", has the arithmetic).
 */
export const DEFAULT_MUTATION_SAMPLE = 200;

export interface MutationOptions {
  /** Comma-separated globs of file names in harness/virtual/mqtt/ (default: all). */
  files?: string;
  /** Mutants tested, drawn from those the baseline reaches (default: all of them). */
  sample?: number;
  seed: number;
  /** Only this mutant (no baseline, no sample). */
  mutant?: string;
  /** Only the scenarios whose title matches: a quick look, not a score of the qualification. */
  grep?: string;
  timeScale: number;
  concurrency: number;
  /** Boards per lab: the report is written after each. */
  batch: number;
  /** The JSON report, rewritten after every batch. */
  jsonFile: string;
  onProgress?: (line: string) => void;
  onBatch?: (report: MutationReport) => void;
}

export interface MutationReport {
  startedAt: string;
  finishedAt?: string;
  complete: boolean;
  options: { files?: string; sample?: number; seed: number; mutant?: string; grep?: string; timeScale: number; concurrency: number };
  /** Mutants in the chosen files. */
  total: number;
  /** Of those, the ones the baseline qualification never reached (not run: they cannot be killed). */
  noCoverage: string[];
  baselineWallMs?: number;
  /** Wall ms of the mutant batches, one after another. */
  mutantsWallMs: number;
  results: MutantResult[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A recorded report with today's analyses (analyses.ts) on its survivors: what a person
 * wrote after the run reaches the section without running a mutant again.
 */
export function withTodaysAnalyses(report: MutationReport, written?: Parameters<typeof preAnalysis>[1]): MutationReport {
  return {
    ...report,
    results: report.results.map((r) => (r.status === 'survived' ? { ...r, ...preAnalysis(r, written) } : r)),
  };
}

/** The command that draws the same mutants again: sample and seed written out, whatever the defaults become. */
export function reproducingCommand(o: MutationReport['options']): string {
  const words = ['npm run mutation --'];
  if (o.mutant !== undefined) words.push('--mutant', o.mutant);
  else words.push('--sample', o.sample === undefined ? 'all' : String(o.sample), '--seed', String(o.seed));
  if (o.files) words.push('--files', `'${o.files}'`);
  if (o.grep) words.push('--grep', `'${o.grep}'`);
  words.push('--time-scale', String(o.timeScale));
  return words.join(' ');
}

export function resultOf(m: MutantInfo, row: BoardRow, excused: Excused = NOTHING_EXCUSED, narrowed = false): MutantResult {
  const { status, killedBy } = classify(row, excused, narrowed);
  const pre = status === 'survived' ? preAnalysis(m) : { analysis: '', equivalent: false };
  return { ...m, status, killedBy, broken: row.broken, wallMs: row.wallMs, runDir: row.runDir, ...pre };
}

export async function runMutation(o: MutationOptions): Promise<MutationReport> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-mutation-'));
  const instrumentedDir = path.join(workDir, 'mqtt');
  // The run folders are kept (a survivor's timeline is where its analysis starts); the copy is not.
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-mutation-runs-'));
  const lab = { timeScale: o.timeScale, concurrency: o.concurrency, reportsDir, grep: o.grep };
  const narrowed = o.grep !== undefined;
  try {
    const mutants = await instrumentMqtt(instrumentedDir, fileFilter(o.files));
    const byId = new Map(mutants.map((m) => [m.id, m]));
    const report: MutationReport = {
      startedAt: new Date().toISOString(),
      complete: false,
      options: { files: o.files, sample: o.sample, seed: o.seed, mutant: o.mutant, grep: o.grep, timeScale: o.timeScale, concurrency: o.concurrency },
      total: mutants.length,
      noCoverage: [],
      mutantsWallMs: 0,
      results: [],
    };
    o.onProgress?.(`${mutants.length} mutants in ${new Set(mutants.map((m) => m.file)).size} files; run folders in ${reportsDir}`);
    let toTest: string[];
    let excused = NOTHING_EXCUSED;
    if (o.mutant !== undefined) {
      if (!byId.has(o.mutant)) throw new MutationError(`there is no mutant ${o.mutant} in the chosen files (ids 0 to ${mutants.length - 1} with --files ${o.files ?? 'all'})`);
      toTest = [o.mutant];
    } else {
      const coverageFile = path.join(workDir, 'coverage.json');
      const started = Date.now();
      const [baseline] = await qualifyBoards([{ name: 'baseline', personalities: [], mutant: { instrumentedDir, coverageFile } }], { ...lab, runName: 'mutation-baseline' });
      report.baselineWallMs = Date.now() - started;
      // Narrowed, the baseline may leave checks unjudged (never fail them); whole, it must pass all.
      const failing = (Object.keys(baseline!.cells) as CheckId[]).filter((id) => baseline!.cells[id] === 'fail');
      const base = narrowed ? { status: failing.length ? 'killed' : 'survived', killedBy: failing } : classify(baseline!);
      if (base.status !== 'survived') {
        throw new MutationError(
          `the instrumented board with no mutant switched on did not pass every check (${base.status}: ${[...base.killedBy, ...baseline!.broken].join(', ')}); ` +
            `its run: ${baseline!.runDir}. Every mutant would be "killed" by that false alarm: fix it (or run on a quieter host) first`,
        );
      }
      if (narrowed) excused = excusedBy(baseline!);
      const reached = new Set<string>(JSON.parse(fs.readFileSync(coverageFile, 'utf8')));
      report.noCoverage = mutants.filter((m) => !reached.has(m.id)).map((m) => m.id);
      const covered = mutants.filter((m) => reached.has(m.id)).map((m) => m.id);
      toTest = sampleIds(covered, o.sample ?? covered.length, o.seed);
      o.onProgress?.(`baseline passed in ${(report.baselineWallMs / 1000).toFixed(0)} s and reached ${covered.length} mutants; testing ${toTest.length} (seed ${o.seed})`);
    }
    writeJsonAtomic(o.jsonFile, report);
    for (const batch of chunks(toTest, o.batch)) {
      const started = Date.now();
      const rows = await qualifyBoards(
        batch.map((id) => ({ name: `mutant-${id}`, personalities: [], mutant: { instrumentedDir, id } })),
        { ...lab, runName: 'mutation' },
      );
      report.mutantsWallMs += Date.now() - started;
      const results = batch.map((id, i) => resultOf(byId.get(id)!, rows[i]!, excused, narrowed));
      report.results.push(...results);
      for (const r of results) {
        o.onProgress?.(`mutant ${r.id.padStart(4)} ${r.status.padEnd(9)} ${(r.wallMs / 1000).toFixed(0).padStart(4)} s  ${r.file}:${r.line} ${r.mutator}${r.killedBy.length ? `  by ${r.killedBy.join(',')}` : ''}`);
      }
      writeJsonAtomic(o.jsonFile, report);
      o.onBatch?.(report);
      if (rows.some((r) => r.interrupted)) return report;
    }
    report.complete = true;
    report.finishedAt = new Date().toISOString();
    writeJsonAtomic(o.jsonFile, report);
    return report;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
