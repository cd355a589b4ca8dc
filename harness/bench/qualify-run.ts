/**
 * One measured qualification of `boards` virtual boards at `timeScale`: wall time, the
 * CPU and peak memory of everything it started (Playwright, its workers, the boards),
 * the reconnect timing samples of its timelines, and the waits no harness could avoid
 * (the delays the boards' schedules asked for, ÷ scale) beside its wall time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { labConfig } from '../lab/schema.ts';
import type { RunResults } from '../report/results.ts';
import { qualify } from '../runner/qualify.ts';
import { childCpuSeconds, loadAverage, type LoadAverage, sampleRss } from './host.ts';
import { type ReconnectSample, runReconnectSamples } from './reconnect-timing.ts';

export interface QualifyMeasure {
  boards: number;
  timeScale: number;
  grep: string;
  exitCode: number;
  wallS: number;
  cpuS: number | undefined;
  peakRssBytes: number;
  scenarios: number;
  /** Sum of the scenarios' durations, each board's own (they run side by side). */
  scenarioS: number;
  /** Per board, the longest sum of backoff delays the schedules asked for, ÷ scale. */
  scheduleWaitS: number;
  samples: ReconnectSample[];
  load: { before: LoadAverage; after: LoadAverage };
}

export async function measureQualify(options: {
  boards: number;
  timeScale: number;
  grep: string;
  /** Copy the run folder here (a run that did not pass is copied to a temp folder anyway). */
  keep?: string;
  /** Told where a run folder was kept, and the run's exit code. */
  onKept?: (dir: string, exitCode: number) => void;
}): Promise<QualifyMeasure> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hil-bench-'));
  const lab = labConfig.parse({
    boards: Array.from({ length: options.boards }, (_, i) => ({ name: `v${String(i + 1).padStart(2, '0')}`, kind: 'virtual', timeScale: options.timeScale })),
  });
  const sink = new PassThrough();
  const tail: string[] = [];
  sink.on('data', (c: Buffer) => {
    tail.push(c.toString('utf8'));
    if (tail.length > 200) tail.shift();
  });
  const before = loadAverage();
  const cpu0 = childCpuSeconds();
  const rss = sampleRss();
  const t0 = performance.now();
  try {
    const outcome = await qualify({ lab, grep: options.grep, reportsDir: dir, stdout: sink, runId: 'bench' });
    const wallS = (performance.now() - t0) / 1000;
    const peakRssBytes = rss.stop();
    const cpu1 = childCpuSeconds();
    const results = outcome.results as RunResults | undefined;
    if (!results) throw new Error(`the bench qualification wrote no results:\n${tail.join('').slice(-3000)}`);
    const samples = runReconnectSamples(outcome.runDir);
    const perBoard = new Map<string, number>();
    for (const s of samples) perBoard.set(s.board, (perBoard.get(s.board) ?? 0) + s.delayDeviceMs / options.timeScale / 1000);
    const byBoard = new Map<string, number>();
    for (const s of results.scenarios) byBoard.set(s.board, (byBoard.get(s.board) ?? 0) + s.durationMs / 1000);
    // A run that did not pass is kept whatever was asked: its figures are suspect, and its evidence says why.
    const keep = options.keep ?? (outcome.exitCode !== 0 ? fs.mkdtempSync(path.join(os.tmpdir(), 'hil-bench-kept-')) : undefined);
    if (keep) {
      fs.cpSync(outcome.runDir, keep, { recursive: true });
      options.onKept?.(keep, outcome.exitCode);
    }
    return {
      boards: options.boards,
      timeScale: options.timeScale,
      grep: options.grep,
      exitCode: outcome.exitCode,
      wallS,
      cpuS: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0,
      peakRssBytes,
      scenarios: results.scenarios.length,
      scenarioS: Math.max(0, ...byBoard.values()),
      scheduleWaitS: Math.max(0, ...perBoard.values()),
      samples,
      load: { before, after: loadAverage() },
    };
  } finally {
    rss.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
