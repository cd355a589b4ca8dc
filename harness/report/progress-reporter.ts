/**
 * Progress of a qualification while it runs: per board, the scenario, how many
 * connection attempts it has made so far, and when the next one is due. A Playwright
 * reporter that tails each running scenario's timeline (scenarios/<board>/<slug>.timeline.jsonl,
 * written as events happen) every 500 ms; the scenario runtime is not involved.
 *
 * Live lines (one whenever the attempt count or the announced delay changes) only on a
 * terminal or with HIL_PROGRESS=1 (read by playwright.config.ts, which passes `live`); otherwise
 * one line per scenario when it ends.
 */
import fs from 'node:fs';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { libraryLog, logMessageOf } from '../contract/library-log.ts';
import { NOTE } from '../contract/notes.ts';
import { scenarioFiles, titlesOfTestCase } from './run-folder.ts';

/** Its options in playwright.config.ts. */
export interface ProgressOptions {
  /** The run folder the fixtures write the scenarios' timelines into. */
  runDir: string;
  /** Each board's time scale (device ms per wall ms), by board name; 1 when not named. */
  timeScales?: Record<string, number>;
  /** Live lines; default: when the output is a terminal. */
  live?: boolean;
  intervalMs?: number;
  out?: NodeJS.WritableStream;
}

interface Watch {
  board: string;
  title: string;
  timeline: string;
  serialLog: string;
  timeScale: number;
  offset: number;
  partial: string;
  attempts: number;
  accepts: number;
  /** The last `connecting after N ms` line: when (harness ms) and N. */
  delay?: { t: number; ms: number };
  /** Wall ms minus harness ms in the worker that stamps the events (from the serial log). */
  wallOffset?: number;
  printed: string;
  /** The scenario's "scenario start" note was seen: later boots are part of it. */
  started: boolean;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function describeProgress(w: Pick<Watch, 'board' | 'title' | 'attempts' | 'accepts' | 'delay' | 'wallOffset' | 'timeScale'>, nowWall = Date.now()): string {
  let next = '';
  if (w.delay && w.wallOffset !== undefined) {
    const dueWall = w.wallOffset + w.delay.t + w.delay.ms / w.timeScale;
    const left = dueWall - nowWall;
    next =
      left >= 0
        ? `, next attempt in ~${seconds(left * w.timeScale)} device / ${seconds(left)} wall`
        : `, next attempt (announced after ${w.delay.ms} ms) due ${seconds(-left * w.timeScale)} device ago`;
  } else if (w.delay) {
    next = `, next attempt ${w.delay.ms} ms (device) after the last`;
  }
  return `${w.board} · ${w.title}: attempt ${w.attempts} (gate accepted ${w.accepts})${next}`;
}

export default class ProgressReporter implements Reporter {
  #options: ProgressOptions;
  #live = false;
  #watches = new Map<string, Watch>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: Partial<ProgressOptions> = {}) {
    if (typeof options.runDir !== 'string') {
      throw new Error("progress-reporter needs runDir in its options: list it in playwright.config.ts as ['./harness/report/progress-reporter.ts', { runDir, timeScales }]");
    }
    this.#options = options as ProgressOptions;
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: FullConfig, _suite: Suite): void {
    const out = this.#options.out ?? process.stdout;
    this.#live = this.#options.live ?? Boolean((out as NodeJS.WriteStream).isTTY);
    if (this.#live) {
      this.#timer = setInterval(() => this.#poll(), this.#options.intervalMs ?? 500);
      this.#timer.unref();
    }
  }

  onTestBegin(test: TestCase): void {
    const board = test.parent.project()?.name ?? 'unknown';
    // The files the fixtures are writing for this scenario, by the run folder's naming rule.
    const titles = titlesOfTestCase(test);
    const files = scenarioFiles(this.#options.runDir, board, titles);
    this.#watches.set(test.id, {
      board,
      title: titles.join(' › '),
      timeline: files.timeline,
      serialLog: files.serialLog,
      timeScale: this.#options.timeScales?.[board] ?? 1,
      offset: 0,
      partial: '',
      attempts: 0,
      accepts: 0,
      printed: '',
      started: false,
    });
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const w = this.#watches.get(test.id);
    if (!w) return;
    this.#read(w);
    this.#watches.delete(test.id);
    this.#write(`${w.board} · ${w.title}: ${result.status}, ${w.attempts} attempt(s) (gate accepted ${w.accepts}) in ${seconds(result.duration)} wall`);
  }

  onEnd(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #write(line: string): void {
    (this.#options.out ?? process.stdout).write(`  ⋯ ${line}\n`);
  }

  #poll(): void {
    for (const w of this.#watches.values()) {
      try {
        this.#read(w);
      } catch {
        continue; // a file not there yet, or being replaced: next tick
      }
      if (w.attempts === 0 && !w.delay) continue;
      const key = `${w.attempts}/${w.accepts}/${w.delay?.t ?? ''}`;
      if (key === w.printed) continue;
      w.printed = key;
      this.#write(describeProgress(w));
    }
  }

  #read(w: Watch): void {
    if (!fs.existsSync(w.timeline)) return;
    const size = fs.statSync(w.timeline).size;
    if (size < w.offset) Object.assign(w, { offset: 0, partial: '', attempts: 0, accepts: 0, delay: undefined, started: false });
    if (size === w.offset) return;
    const fd = fs.openSync(w.timeline, 'r');
    try {
      const buf = Buffer.alloc(size - w.offset);
      fs.readSync(fd, buf, 0, buf.length, w.offset);
      w.offset = size;
      const lines = (w.partial + buf.toString('utf8')).split('\n');
      w.partial = lines.pop() ?? '';
      for (const line of lines) this.#event(w, line);
    } finally {
      fs.closeSync(fd);
    }
    if (w.wallOffset === undefined && fs.existsSync(w.serialLog)) {
      // `<ISO wall time> +<harness ms> …`: the worker's clock origin in wall time.
      const head = fs.readFileSync(w.serialLog, 'utf8').slice(0, 200);
      const m = /^(\S+) \+(\d+(?:\.\d+)?)/.exec(head);
      if (m) w.wallOffset = Date.parse(m[1]!) - Number(m[2]);
    }
  }

  #event(w: Watch, line: string): void {
    if (!line) return;
    let e: { kind?: string; t?: number; text?: string; line?: { text?: string; message?: unknown } };
    try {
      e = JSON.parse(line);
    } catch {
      return;
    }
    if (e.kind === 'note' && e.text === NOTE.scenarioStart) {
      w.started = true;
    } else if (!w.started && e.kind === 'serial' && /"ev":"boot"/.test(e.line?.text ?? '')) {
      // The scenario counts from its boot line; attempts during setup are not its own.
      w.attempts = 0;
      w.accepts = 0;
      w.delay = undefined;
    } else if (e.kind === 'tcp.accept') {
      w.accepts++;
    } else if (e.kind === 'serial' && typeof e.line?.text === 'string' && typeof e.t === 'number') {
      const message = logMessageOf({ text: e.line.text, message: e.line.message });
      if (libraryLog.connectingTo.test(message)) w.attempts++;
      const after = libraryLog.connectingAfter.exec(message);
      if (after) w.delay = { t: e.t, ms: Number(after[1]) };
    }
  }
}
