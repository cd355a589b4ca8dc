/**
 * A CPU load beside the soak (`--stress`): stress-ng started in its own process group,
 * stopped with its whole group when the soak ends, when the process exits, and on a
 * Ctrl-C that nothing else handles, so no worker is left spinning. stress-ng's own
 * `--timeout` bounds it even if this process is killed outright.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface StressSpec {
  command: string;
  args: string[];
}

export interface Stress {
  pid: number;
  /** Set once the stress process has ended (by itself or by `stop`). */
  exitedWith(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stop(): Promise<void>;
}

export class StressError extends Error {}

/** How long the load may take to stop after SIGTERM before its group is killed. */
const STOP_GRACE_MS = 5_000;

/** stress-ng keeping `cpus` cores busy, for at most `timeoutS` seconds. */
export function stressNg(cpus: number, timeoutS: number, command = 'stress-ng'): StressSpec {
  return { command, args: ['--cpu', String(cpus), '--timeout', `${Math.ceil(timeoutS)}s`, '--quiet'] };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Starts the load; rejects with what to do when the command cannot be run. */
export async function startStress(spec: StressSpec, startTimeoutMs = 10_000): Promise<Stress> {
  const child: ChildProcess = spawn(spec.command, spec.args, { stdio: 'ignore', detached: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StressError(`${spec.command} did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
    child.once('spawn', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new StressError(
          err.code === 'ENOENT'
            ? `--stress needs ${spec.command}, which is not installed: install it with \`apt-get install stress-ng\` (Debian/Ubuntu) or \`dnf install stress-ng\` (Fedora)`
            : `cannot start ${spec.command}: ${err.message}`,
        ),
      );
    });
  });
  const pid = child.pid!;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  const onExit = () => signalGroup(pid, 'SIGTERM');
  // Alone on a signal (no qualification running to stop gracefully), the default would end
  // this process and leave the group running: stop it, then let the signal do its default.
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    detach();
    signalGroup(pid, 'SIGTERM');
    process.kill(process.pid, signal);
  };
  const detach = () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    pid,
    exitedWith: () => exit,
    stop: async () => {
      detach();
      if (exit === undefined) signalGroup(pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
      clearTimeout(timer);
      // Whatever did not stop in time, and any worker that outlived its parent, goes now.
      signalGroup(pid, 'SIGKILL');
      await exited;
    },
  };
}
