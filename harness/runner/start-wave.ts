/**
 * A lab's boards start as one wave. Every board is a Playwright worker, a virtual board
 * process and a broker pair; started all at once, 32 of them load 2 cores to ~50 for a
 * minute (measured: every virtual board then missed its 15 s start deadline, and any
 * scenario that had begun was timed on a starved host). So, across the run's worker
 * processes, through files in a folder of the run's own:
 *
 * - **start slots**: at most one board process starts per core at a time (`slot`). A
 *   slot is a throttle, not a lock: one left by a worker that died is taken over, and a
 *   rare race between two takers only lets one more start run beside the others.
 * - **the wave**: no board's first scenario begins before every board of the first wave
 *   is up, or has failed to come up (`arrive`); then they leave a little apart
 *   (`spacingMs`), as first setups all at once were measured to stall every loop for a
 *   quarter second. The wave reporter writes which boards have scenarios in this run and
 *   how many workers run at once (`writeWavePlan`); the first wave is that many boards. Once the wave has gone, a worker that Playwright
 *   starts later (after a failed scenario, or for the next board when `--workers` is
 *   smaller than the lab) passes at once: it starts alone beside running scenarios, whose
 *   host-lag measurement covers it.
 *
 * Every wait is bounded (`waveLimitMs`); past it the worker goes on and says so on stderr.
 * Without a plan (a reporter set that does not write one) there is no wave to wait for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface WavePlan {
  /** Boards (Playwright projects) with at least one scenario in this run. */
  boards: string[];
  /** How many of them run at once. */
  workers: number;
}

export type Arrival = 'ready' | 'failed';

const PLAN = 'wave-plan.json';
const GONE = 'wave-gone';
const POLL_MS = 50;

/** How long a board may wait for its start slot and for its wave, wall ms: generous, it only bounds a wait. */
export function waveLimitMs(boards: number): number {
  return 60_000 + 5_000 * boards;
}

/** The wave's folder for a run (in the run's private temp folder under hil qualify). */
export function waveDir(tempRoot: string, runId: string): string {
  return path.join(tempRoot, `hil-start-${runId.replace(/[^\w.-]/g, '_')}`);
}

export function writeWavePlan(dir: string, plan: WavePlan): void {
  fs.mkdirSync(path.join(dir, 'arrived'), { recursive: true });
  const tmp = path.join(dir, `${PLAN}.${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(plan));
  fs.renameSync(tmp, path.join(dir, PLAN));
}

function readPlan(dir: string): WavePlan | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, PLAN), 'utf8')) as WavePlan;
  } catch {
    return undefined;
  }
}

function ownerOf(slot: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(slot, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class StartWave {
  readonly #dir: string;
  readonly #limitMs: number;
  readonly #slots: number;
  readonly #spacingMs: number;
  readonly #warn: (message: string) => void;

  constructor(dir: string, options: { limitMs: number; slots?: number; spacingMs?: number; warn?: (message: string) => void }) {
    this.#dir = dir;
    this.#limitMs = options.limitMs;
    this.#spacingMs = Math.max(0, options.spacingMs ?? 0);
    this.#slots = Math.max(1, options.slots ?? os.availableParallelism());
    this.#warn = options.warn ?? ((m) => process.stderr.write(`hil: ${m}\n`));
  }

  /** Waits for a start slot; the returned function gives it back. Past the limit: goes on without one. */
  async slot(): Promise<() => void> {
    const slots = path.join(this.#dir, 'slots');
    fs.mkdirSync(slots, { recursive: true });
    const deadline = performance.now() + this.#limitMs;
    for (let round = 0; performance.now() < deadline && round < 1_000_000; round++) {
      for (let i = 0; i < this.#slots; i++) {
        const slot = path.join(slots, String(i));
        try {
          fs.writeFileSync(slot, String(process.pid), { flag: 'wx' });
          return () => fs.rmSync(slot, { force: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
          // A slot of a worker that died holding it (its owner is written right after the create: an empty one is left a round).
          const owner = ownerOf(slot);
          if (owner !== undefined && !alive(owner)) fs.rmSync(slot, { force: true });
        }
      }
      await delay(POLL_MS);
    }
    this.#warn(`no board start slot came free within ${this.#limitMs} ms: starting anyway`);
    return () => {};
  }

  /**
   * Says this board is up (or failed to come up) and waits until the first wave has
   * arrived; then the wave leaves in the plan's order, board i of the plan `spacingMs × i`
   * after it was complete, so that their first setups do not all fall on one moment.
   * Returns at once for a board that failed (it has no scenario to hold back) and when
   * there is no plan; a board that arrives after the wave has gone waits only for what is
   * left of its place in that order (nothing, but for the last few boards).
   */
  async arrive(board: string, arrival: Arrival): Promise<void> {
    const arrived = path.join(this.#dir, 'arrived');
    fs.mkdirSync(arrived, { recursive: true });
    fs.writeFileSync(path.join(arrived, board), arrival);
    if (arrival === 'failed') return;
    const gone = path.join(this.#dir, GONE);
    const deadline = performance.now() + this.#limitMs;
    let plan: WavePlan | undefined;
    let goneAt: number | undefined;
    for (let round = 0; round < 1_000_000 && goneAt === undefined; round++) {
      goneAt = goneSince(gone);
      if (goneAt !== undefined) break;
      plan = readPlan(this.#dir);
      if (!plan) return;
      const wave = Math.min(plan.workers, plan.boards.length);
      const here = new Set(fs.readdirSync(arrived));
      const count = plan.boards.filter((b) => here.has(b)).length;
      if (count >= wave) break;
      if (performance.now() >= deadline) {
        this.#warn(`${count} of the first ${wave} boards came up within ${this.#limitMs} ms; ${board} starts its scenarios without the others`);
        break;
      }
      await delay(POLL_MS);
    }
    if (goneAt === undefined) {
      goneAt = Date.now();
      fs.writeFileSync(gone, String(goneAt));
    }
    plan ??= readPlan(this.#dir);
    const place = Math.max(0, plan?.boards.indexOf(board) ?? 0);
    // Wall clock (Date.now): the one clock every worker process reads alike.
    const wait = Math.min(goneAt + place * this.#spacingMs - Date.now(), this.#limitMs);
    if (wait > 0) await delay(wait);
  }
}

/** When the wave left (epoch ms), if it has. */
function goneSince(file: string): number | undefined {
  try {
    const at = Number(fs.readFileSync(file, 'utf8'));
    return Number.isFinite(at) && at > 0 ? at : Date.now();
  } catch {
    return undefined;
  }
}
