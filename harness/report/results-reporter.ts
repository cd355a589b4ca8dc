/**
 * A Playwright reporter that keeps reports/<run id>/results.json up to date: after each
 * scenario it adds the scenario, its verdicts and the board's identity, and rewrites the
 * file atomically. Scenarios hand their verdicts over as JSON attachments. The run (its
 * folder, id and lab) comes as its options, as Playwright gives any reporter its options.
 */
import os from 'node:os';
import path from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.ts';
import { junitXml } from './junit.ts';
import { collectProvenance } from './provenance.ts';
import { redact } from '../secrets.ts';
import { type BoardRecord, finaliseInterrupted, finalStatus, isFiltered, type RunFilter, type RunResults, type ScenarioDelays, type VerdictRecord } from './results.ts';
import { BOARD_ATTACHMENT, BROKEN_ATTACHMENT, DELAYS_ATTACHMENT, FILES_ATTACHMENT, runFile, type ScenarioFileRefs, VERDICT_ATTACHMENT } from './run-folder.ts';
import { delaysByBoard, runLevelVerdicts } from './run-level.ts';

/** A write of the record may take at most 1 / WRITE_DUTY of the reporter's time (see #write). */
const WRITE_DUTY = 10;
/** Writes cheaper than this are never deferred. */
const CHEAP_WRITE_MS = 25;

/** Its options in playwright.config.ts: the run, decided once for the whole run. */
export interface ResultsReporterOptions {
  runDir: string;
  runId: string;
  /** The resolved lab config (redacted here before it is written). */
  lab: unknown;
  harnessVersion: string;
  /** Attachment paths in junit.xml are relative to this folder (the CI job's workspace) when they can be. */
  projectDir?: string;
  /** What `hil qualify` was told to leave out (recorded; the run is then partial at best). */
  filter?: RunFilter;
}

function attachmentJson<T>(result: TestResult, name: string): T[] {
  return result.attachments
    .filter((a) => a.name === name && a.body)
    .map((a) => JSON.parse(a.body!.toString('utf8')) as T);
}

export default class ResultsReporter implements Reporter {
  #options: ResultsReporterOptions;
  #file: string;
  #results: RunResults | undefined;
  #root = '';
  #lastWriteEnd = 0;
  #lastWriteMs = 0;
  #pending: NodeJS.Timeout | undefined;

  constructor(options: Partial<ResultsReporterOptions> = {}) {
    const missing = (['runDir', 'runId', 'harnessVersion'] as const).filter((k) => typeof options[k] !== 'string');
    if (missing.length > 0) {
      throw new Error(`results-reporter needs ${missing.join(', ')} in its options: list it in playwright.config.ts as ['./harness/report/results-reporter.ts', { runDir, runId, lab, harnessVersion }]`);
    }
    this.#options = options as ResultsReporterOptions;
    this.#file = runFile(this.#options.runDir, 'results');
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.#root = config.rootDir;
    this.#results = {
      schema: 'mgos-hil/results@1',
      runId: this.#options.runId,
      harnessVersion: this.#options.harnessVersion,
      provenance: collectProvenance(this.#options.harnessVersion),
      startedAt: new Date().toISOString(),
      status: 'running',
      ...(isFiltered(this.#options.filter) ? { filter: this.#options.filter } : {}),
      lab: redact(this.#options.lab),
      boards: {},
      scenarios: [],
      verdicts: [],
      inFlight: [],
    };
    this.#write();
  }

  // A scenario in flight is on record, so a run stopped by force still names it.
  onTestBegin(test: TestCase, result: TestResult): void {
    const results = this.#results;
    if (!results) return;
    results.inFlight!.push({ ...this.#where(test), startedAt: result.startTime.toISOString() });
    this.#write();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const results = this.#results;
    if (!results) return;
    const { board, file } = this.#where(test);
    results.inFlight = results.inFlight!.filter((s) => !(s.board === board && s.title === test.title && s.file === file));
    for (const record of attachmentJson<BoardRecord>(result, BOARD_ATTACHMENT)) results.boards[record.name] = record;
    const files = attachmentJson<Partial<ScenarioFileRefs>>(result, FILES_ATTACHMENT)[0] ?? {};
    const broken = attachmentJson<{ reason: string }>(result, BROKEN_ATTACHMENT)[0];
    const delays = attachmentJson<ScenarioDelays>(result, DELAYS_ATTACHMENT)[0];
    results.scenarios.push({
      board,
      title: test.title,
      file,
      status: result.status,
      startedAt: result.startTime.toISOString(),
      durationMs: result.duration,
      ...(result.error ? { error: (result.error.message ?? String(result.error.value)).slice(0, 4000) } : {}),
      ...(broken ? { broken: broken.reason } : {}),
      ...(delays ? { delays } : {}),
      ...files,
    });
    for (const verdicts of attachmentJson<VerdictRecord[]>(result, VERDICT_ATTACHMENT)) {
      for (const v of verdicts) results.verdicts.push({ ...v, board, scenario: test.title, file });
    }
    this.#write();
  }

  onEnd(result: { status: string }): void {
    const results = this.#results;
    if (!results) return;
    // Judged only once every scenario has handed over its delays; an interrupted run is not pooled (it would judge part of a run).
    if (result.status !== 'interrupted') results.verdicts.push(...runLevelVerdicts(delaysByBoard(results.scenarios)));
    results.finishedAt = new Date().toISOString();
    results.status = finalStatus(results, result.status);
    this.#results = finaliseInterrupted(results);
    this.#writeNow();
  }

  #where(test: TestCase): { board: string; title: string; file: string } {
    return { board: test.parent.project()?.name ?? 'unknown', title: test.title, file: path.relative(this.#root, test.location.file) };
  }

  // junit.xml follows results.json at every write: a run that dies still leaves both.
  //
  // Each write is O(run) (the whole record, re-serialised): for one board that is a few ms
  // and happens after every scenario. For a lab of many boards it grows with every
  // scenario, and the reporter runs on Playwright's own event loop, which also dispatches
  // the workers: writing after every scenario made a 48-board kill matrix slow down more
  // and more (15 MB of results.json rewritten ~4 000 times). So writes keep to a duty
  // cycle: when the last write took c ms (c ≥ CHEAP_WRITE_MS), the next comes no sooner
  // than WRITE_DUTY × c after it, deferred by a timer (one pending at a time) rather than
  // skipped. A run whose writes are cheap (one board: a few ms) still writes at once every
  // time, so nothing it gathered is ever only in memory; onEnd always writes at once.
  #write(): void {
    const wait = this.#lastWriteMs < CHEAP_WRITE_MS ? 0 : this.#lastWriteMs * WRITE_DUTY - (performance.now() - this.#lastWriteEnd);
    if (wait <= 0) {
      this.#writeNow();
      return;
    }
    this.#pending ??= setTimeout(() => this.#writeNow(), wait);
  }

  #writeNow(): void {
    if (this.#pending) clearTimeout(this.#pending);
    this.#pending = undefined;
    const started = performance.now();
    writeJsonAtomic(this.#file, this.#results);
    if (this.#results) {
      writeFileAtomic(runFile(this.#options.runDir, 'junit'), junitXml(this.#results, { runDir: this.#options.runDir, projectDir: this.#options.projectDir ?? this.#root, hostname: os.hostname() }));
    }
    this.#lastWriteEnd = performance.now();
    this.#lastWriteMs = this.#lastWriteEnd - started;
  }
}
