/**
 * Starts a virtual board as its own process from code (several at once, each on its own
 * pseudo-terminal) and hands back its port path. The child exits when its stdin closes,
 * so a crashed parent never leaves boards behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MutantSwitch, mutationEnv } from '../mutation/env.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(projectRoot, 'bin', 'hil.js');

export interface LaunchOptions {
  mac?: string;
  timeScale?: number;
  seed?: number;
  /** Folder for the saved config; omitted: config is not persisted. */
  stateDir?: string;
  logVariant?: 'master' | '2.20.0';
  personalities?: string[];
  /** Mutation testing: load the MQTT library from an instrumented copy, with this mutant on. */
  mutant?: MutantSwitch;
  /**
   * How long to wait for the port path, in the child's own CPU time (ms) where the host
   * says it (Linux): a start takes ~1 CPU-s, and a loaded host stretches its wall time at
   * will (32 boards starting on 2 cores: over 15 s). A child that makes no progress at all
   * is caught by the wall cap, 8 × this (at least 120 s). Elsewhere: wall time.
   */
  startTimeoutMs?: number;
  /** Receives the board's stderr lines (its start-up notice, warnings). */
  onStderr?: (line: string) => void;
}

export interface VirtualBoardProcess {
  path: string;
  pid: number;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function launchArgs(o: LaunchOptions): string[] {
  const args = ['virtual', '--exit-with-stdin'];
  if (o.mac) args.push('--mac', o.mac);
  if (o.timeScale !== undefined) args.push('--time-scale', String(o.timeScale));
  if (o.seed !== undefined) args.push('--seed', String(o.seed));
  if (o.stateDir) args.push('--state-dir', o.stateDir);
  else args.push('--no-persist');
  if (o.logVariant) args.push('--log-variant', o.logVariant);
  for (const p of o.personalities ?? []) args.push('--personality', p);
  return args;
}

export async function startVirtualBoard(options: LaunchOptions = {}): Promise<VirtualBoardProcess> {
  const child = spawn(process.execPath, [bin, ...launchArgs(options)], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.mutant ? { env: { ...process.env, ...mutationEnv(options.mutant) } } : {}),
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      stderr.push(line);
      if (stderr.length > 50) stderr.shift();
      options.onStderr?.(line);
    }
  });
  const portPath = await firstLine(child, options.startTimeoutMs ?? 15_000, stderr);
  return {
    path: portPath,
    pid: child.pid!,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin?.end();
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

/** CPU time (user + system) a process has used, ms; undefined where /proc cannot say. */
export function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command (which may hold spaces, so split after its closing parenthesis): utime is the 14th, stime the 15th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * (1000 / CLOCK_TICKS_PER_S) : undefined;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux the harness runs on (the kernel's ABI for /proc, not CONFIG_HZ). */
const CLOCK_TICKS_PER_S = 100;
const CHECK_MS = 250;

function firstLine(child: ChildProcess, timeoutMs: number, stderr: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const started = performance.now();
    const wallCapMs = Math.max(8 * timeoutMs, 120_000);
    const fail = (why: string) => {
      clearInterval(timer);
      child.kill('SIGKILL');
      reject(new Error(`virtual board did not print its port ${why}; its stderr:\n${stderr.join('\n')}`));
    };
    const timer = setInterval(() => {
      const wall = performance.now() - started;
      const cpu = child.pid === undefined ? undefined : processCpuMs(child.pid);
      if (cpu === undefined ? wall >= timeoutMs : cpu >= timeoutMs) fail(`within ${timeoutMs} ms${cpu === undefined ? '' : ' of its own CPU time'} (${Math.round(wall)} ms of wall time)`);
      else if (wall >= wallCapMs) fail(`within ${wallCapMs} ms of wall time (it used ${cpu} ms of CPU: hung?)`);
    }, CHECK_MS);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      clearInterval(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.stdout?.resume();
      resolve(buffered.slice(0, nl).trim());
    };
    const onExit = (code: number | null) => {
      clearInterval(timer);
      reject(new Error(`virtual board exited (code ${code}) before printing its port; its stderr:\n${stderr.join('\n')}`));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
