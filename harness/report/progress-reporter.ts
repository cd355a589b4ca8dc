/**
 * Progress of a qualification while it runs: per board, the scenario, how many
 * connection attempts it has made so far, and when the next one is due. A Playwright
 * reporter that tails each running scenario's timeline (scenarios/<board>/<slug>.timeline.jsonl,
 * written as events happen) every 500 ms; the scenario runtime is not involved.
 *
 * Live (on a terminal, or HIL_PROGRESS=1, read by playwright.config.ts, which passes
 * `live`): one line per running board at the bottom of the output, redrawn in place; it is
 * erased before every event the list reporter prints at (this reporter is listed before
 * it) and drawn again after. Otherwise one short line per scenario when it ends, under the
 * list reporter's line for it. Lines are at most 100 characters (or the terminal's width,
 * COLUMNS); colour as harness/report/terminal.ts decides.
 */
import fs from 'node:fs';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { libraryLog, logMessageOf } from '../contract/library-log.ts';
import { NOTE } from '../contract/notes.ts';
import { scenarioFiles, titlesOfTestCase } from './run-folder.ts';
import { colourWanted, fit, type Paint, painter } from './terminal.ts';

const MAX_WIDTH = 100;

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
  /** Colour; default: colourWanted(out). */
  colour?: boolean;
  /** Line width; default: COLUMNS − 1, at most 100. */
  width?: number;
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
  /** The last `connecting after N ms` line not yet followed by its attempt: when (harness ms) and N. */
  delay?: { t: number; ms: number };
  /** The last attempt got a session (CONNACK 0): nothing is due. */
  connected: boolean;
  /** Wall ms minus harness ms in the worker that stamps the events (from the serial log). */
  wallOffset?: number;
  /** The scenario's "scenario start" note was seen: later boots are part of it. */
  started: boolean;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export type ProgressView = Pick<Watch, 'board' | 'title' | 'attempts' | 'accepts' | 'delay' | 'wallOffset' | 'timeScale'> & { connected?: boolean };

/** The live line of one board: `<board> <title> · attempt n (gate m) · next in ~x s`, cut to `width` (the title gives way). */
export function describeProgress(w: ProgressView, nowWall = Date.now(), width = MAX_WIDTH, paint: Paint = painter(false)): string {
  let next = '';
  if (w.connected) {
    next = ' · connected';
  } else if (w.delay && w.wallOffset !== undefined) {
    const left = w.wallOffset + w.delay.t + w.delay.ms / w.timeScale - nowWall;
    next = left >= 0 ? ` · next in ~${seconds(left * w.timeScale)}` : ` · attempt ${w.attempts + 1} overdue by ${seconds(-left * w.timeScale)}`;
  } else if (w.delay) {
    next = ` · next after ${w.delay.ms} ms`;
  }
  const tail = ` · attempt ${w.attempts} (gate ${w.accepts})${next}`;
  const room = width - [...w.board].length - 1 - [...tail].length;
  const title = room >= 8 ? ` ${fit(w.title, room)}` : '';
  return `${paint('bold', w.board)}${title}${paint('cyan', tail)}`;
}

/** The line under the list reporter's when a scenario ends (which names the scenario already). */
export function describeEnd(w: Pick<Watch, 'board' | 'attempts' | 'accepts'>, status: string, durationMs: number, paint: Paint = painter(false)): string {
  const colour = status === 'passed' ? 'green' : status === 'skipped' ? 'yellow' : 'red';
  return `  ⋯ ${fit(w.board, 30)}: ${paint(colour, status)}, ${w.attempts} attempt(s) (gate accepted ${w.accepts}) in ${seconds(durationMs)} wall`;
}

export default class ProgressReporter implements Reporter {
  #options: ProgressOptions;
  #live = false;
  #watches = new Map<string, Watch>();
  #timer: NodeJS.Timeout | undefined;
  #paint: Paint = painter(false);
  #width = MAX_WIDTH;
  /** Lines of the live block on screen now. */
  #drawn = 0;
  /** What the block on screen says, so an unchanged block is not written again. */
  #shown = '';
  #redraw: NodeJS.Immediate | undefined;

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
    this.#paint = painter(this.#options.colour ?? colourWanted(out as NodeJS.WriteStream));
    const columns = Number(process.env.COLUMNS) || (out as NodeJS.WriteStream).columns || MAX_WIDTH + 1;
    this.#width = this.#options.width ?? Math.min(MAX_WIDTH, columns - 1);
    if (this.#live) {
      this.#timer = setInterval(() => this.#poll(), this.#options.intervalMs ?? 500);
      this.#timer.unref();
    }
  }

  onTestBegin(test: TestCase): void {
    this.#erase();
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
      started: false,
      connected: false,
    });
  }

  // The list reporter prints at these: the live block makes way, and is drawn again after.
  onStdOut(): void {
    this.#erase();
  }

  onStdErr(): void {
    this.#erase();
  }

  onError(): void {
    this.#erase();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const w = this.#watches.get(test.id);
    if (!w) return;
    this.#erase();
    try {
      this.#read(w);
    } catch {
      // the timeline being replaced: the counts so far stand
    }
    this.#watches.delete(test.id);
    // Live, the list reporter's line for the scenario is all: the block showed the attempts.
    if (!this.#live) this.#out().write(`${describeEnd(w, result.status, result.duration, this.#paint)}\n`);
  }

  onEnd(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#redraw) clearImmediate(this.#redraw);
    this.#redraw = undefined;
    this.#erase();
  }

  #out(): NodeJS.WritableStream {
    return this.#options.out ?? process.stdout;
  }

  /** Takes the live block off the screen, and draws it again once the other reporters have printed. */
  #erase(): void {
    if (!this.#live) return;
    if (this.#drawn > 0) this.#out().write(`\x1b[${this.#drawn}F\x1b[J`);
    this.#drawn = 0;
    this.#shown = '';
    if (!this.#redraw && this.#timer) {
      this.#redraw = setImmediate(() => {
        this.#redraw = undefined;
        this.#draw();
      });
    }
  }

  #draw(): void {
    if (!this.#live) return;
    const lines = [...this.#watches.values()].map((w) => describeProgress(w, Date.now(), this.#width, this.#paint));
    const text = lines.map((l) => `${l}\n`).join('');
    if (text === this.#shown) return;
    this.#shown = text;
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}F\x1b[J` : '';
    this.#drawn = lines.length;
    if (up || lines.length > 0) this.#out().write(`${up}${text}`);
  }

  #poll(): void {
    for (const w of this.#watches.values()) {
      try {
        this.#read(w);
      } catch {
        // a file not there yet, or being replaced: next tick
      }
    }
    this.#draw();
  }

  #read(w: Watch): void {
    if (!fs.existsSync(w.timeline)) return;
    const size = fs.statSync(w.timeline).size;
    if (size < w.offset) Object.assign(w, { offset: 0, partial: '', attempts: 0, accepts: 0, delay: undefined, started: false, connected: false });
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
      w.connected = false;
    } else if (e.kind === 'tcp.accept') {
      w.accepts++;
    } else if (e.kind === 'serial' && typeof e.line?.text === 'string' && typeof e.t === 'number') {
      const message = logMessageOf({ text: e.line.text, message: e.line.message });
      if (libraryLog.connectingTo.test(message)) {
        w.attempts++;
        // The announced attempt came: nothing is due until the next announcement.
        w.delay = undefined;
        w.connected = false;
      }
      const after = libraryLog.connectingAfter.exec(message);
      if (after) w.delay = { t: e.t, ms: Number(after[1]) };
      if (libraryLog.connack.exec(message)?.[1] === '0') w.connected = true;
      if (libraryLog.disconnected.test(message)) w.connected = false;
    }
  }
}
