/**
 * Scenario actions as Playwright steps: each call of a scenario method (setup, pub, reset,
 * a wait, verifying…) is a `test.step` titled with the method and its arguments (secrets
 * redacted), located at the line of the spec that called it — so the HTML report shows
 * what the scenario did. An error out of an action gets that spec line as its first stack
 * frame (the harness's frames follow), which is where Playwright frames it. (Playwright's
 * own `box` would frame it where test.step is called: inside the harness.)
 */
import path from 'node:path';
import { redact } from '../secrets.ts';

export interface StepLocation {
  file: string;
  line: number;
  column: number;
}

/** Runs `body` as a step (the fixtures pass Playwright's test.step; without one, the body runs as it is). */
export type StepRunner = <T>(title: string, body: () => Promise<T>, location: StepLocation | undefined) => Promise<T>;

const harnessDir = path.resolve(import.meta.dirname, '..');
const FRAME = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?$/;

/** The first frame of a stack outside the harness and node_modules: the spec (or test) line that called. */
export function callerLocation(stack: string | undefined): StepLocation | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.replace(/^file:\/\//, '');
    if (file.startsWith(harnessDir + path.sep) || file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith('node:')) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

function argText(arg: unknown): string | undefined {
  if (typeof arg === 'function') return undefined;
  const text = typeof arg === 'string' ? arg : JSON.stringify(redact(arg));
  return text === undefined ? undefined : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function stepTitle(method: string, args: readonly unknown[]): string {
  const shown = args.map(argText).filter((a): a is string => a !== undefined);
  return shown.length > 0 ? `${method} ${shown.join(', ')}` : method;
}

/**
 * Replaces each named method of `proto` by one that runs it as a step. A method called
 * from another step method (setup's faults) becomes a step nested in the caller's.
 */
const FRAMED = Symbol('framed at the spec line');

/** The error with `location` as its first stack frame; an error already framed (by a nested action) is left. */
export function framedAt(err: unknown, location: StepLocation | undefined): unknown {
  if (!(err instanceof Error) || !location || (err as { [FRAMED]?: true })[FRAMED]) return err;
  const lines = (err.stack ?? `${err.name}: ${err.message}`).split('\n');
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  const at = first < 0 ? lines.length : first;
  err.stack = [...lines.slice(0, at), `    at ${location.file}:${location.line}:${location.column}`, ...lines.slice(at)].join('\n');
  Object.defineProperty(err, FRAMED, { value: true });
  return err;
}

export function wrapInSteps<T extends object>(proto: T, methods: readonly (keyof T & string)[], runnerOf: (self: T) => StepRunner | undefined): void {
  for (const name of methods) {
    const original = proto[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    if (typeof original !== 'function') throw new Error(`wrapInSteps: ${name} is not a method`);
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value: function (this: T, ...args: unknown[]) {
        const run = runnerOf(this);
        if (!run) return original.apply(this, args);
        const location = callerLocation(new Error().stack);
        const body = async () => {
          try {
            return await original.apply(this, args);
          } catch (err) {
            throw framedAt(err, location);
          }
        };
        return run(stepTitle(name, args), body, location);
      },
    });
  }
}
