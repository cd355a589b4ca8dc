/**
 * Starts a virtual board as its own process from code (several at once, each on its own
 * pseudo-terminal) and hands back its port path. The child exits when its stdin closes,
 * so a crashed parent never leaves boards behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
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
  /** How long to wait for the port path. */
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

function firstLine(child: ChildProcess, timeoutMs: number, stderr: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`virtual board did not print its port within ${timeoutMs} ms; its stderr:\n${stderr.join('\n')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.stdout?.resume();
      resolve(buffered.slice(0, nl).trim());
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`virtual board exited (code ${code}) before printing its port; its stderr:\n${stderr.join('\n')}`));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
