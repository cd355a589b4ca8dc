/**
 * Before any scenario starts: is each physical board's port there, a serial device, ours
 * to open and held by nobody else? A run whose port is unusable would otherwise start
 * every scenario and fail each with the same error. Nothing here opens the port: opening
 * toggles DTR/RTS, which resets many ESP32 boards; the device's kind comes from its
 * st_rdev and the driver names in /proc/devices, its holders from /proc/<pid>/fd.
 */
import fs from 'node:fs';
import type { BoardSpec } from '../lab/schema.ts';
import { holdersOf, type PortInfo, processName } from './list-ports.ts';

export interface Holder {
  pid: number;
  name: string;
}

export type PortProblem =
  | { kind: 'missing' }
  | { kind: 'not-serial'; what: string }
  | { kind: 'no-permission'; detail: string }
  | { kind: 'busy'; holders: Holder[] };

export interface PreflightFailure {
  board: string;
  /** The path, or `USB serial number X` when no port carries that serial number. */
  port: string;
  problem: PortProblem;
}

export interface ProbeDeps {
  holders?: (path: string) => number[];
  nameOf?: (pid: number) => string;
  /** /proc/devices, read; the character-device majors and their drivers. */
  procDevices?: string;
}

/** Drivers of serial ports: ttyS, ttyUSB, ttyACM, ttyAMA, pts (a virtual board), rfcomm, ttyGS… */
const TTY_DRIVER = /^(tty|pts$|rfcomm)/;

/** Major number → driver name, from the "Character devices:" part of /proc/devices. */
export function characterDrivers(procDevices: string): Map<number, string[]> {
  const drivers = new Map<number, string[]>();
  const body = procDevices.split(/^Block devices:/m)[0] ?? '';
  for (const line of body.split('\n')) {
    const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(line);
    if (!m) continue;
    const major = Number(m[1]);
    drivers.set(major, [...(drivers.get(major) ?? []), m[2]!]);
  }
  return drivers;
}

/** Linux's dev_t encoding (glibc `gnu_dev_major`). */
export function majorOf(rdev: number): number {
  return ((rdev >> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
}

function readProcDevices(): string {
  try {
    return fs.readFileSync('/proc/devices', 'utf8');
  } catch {
    return '';
  }
}

/** What is wrong with `path` as a serial port, or undefined when nothing is. */
export function probePort(path: string, deps: ProbeDeps = {}): PortProblem | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return { kind: 'no-permission', detail: (err as Error).message };
    return { kind: 'missing' };
  }
  if (!stat.isCharacterDevice()) {
    return { kind: 'not-serial', what: stat.isDirectory() ? 'a directory' : stat.isFile() ? 'a regular file' : 'not a character device' };
  }
  const procDevices = deps.procDevices ?? readProcDevices();
  let names: string[] = [];
  // Without /proc/devices (not Linux) the driver is unknown: let the open decide.
  if (procDevices !== '') {
    names = characterDrivers(procDevices).get(majorOf(stat.rdev)) ?? [];
    if (!names.some((n) => TTY_DRIVER.test(n))) {
      return { kind: 'not-serial', what: `a character device of driver ${names.length ? names.join('/') : `major ${majorOf(stat.rdev)}`}` };
    }
  }
  try {
    fs.accessSync(path, fs.constants.R_OK | fs.constants.W_OK);
  } catch (err) {
    return { kind: 'no-permission', detail: (err as Error).message };
  }
  // A virtual board started with `hil virtual` holds the slave of its own pseudo-terminal
  // open by design: it is the board, not another user of the port.
  const pty = names.includes('pts');
  const pids = (deps.holders ?? holdersOf)(path).filter((pid) => !(pty && isVirtualBoardProcess(pid)));
  if (pids.length > 0) return { kind: 'busy', holders: pids.map((pid) => ({ pid, name: (deps.nameOf ?? processName)(pid) })) };
  return undefined;
}

/** A `hil virtual` process (its command line names the virtual board's entry point). */
function isVirtualBoardProcess(pid: number): boolean {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.some((a) => a.endsWith('harness/virtual/main.ts')) || (args.some((a) => a.endsWith('bin/hil.js')) && args.includes('virtual'));
  } catch {
    return false; // gone, or not ours to read: count it as a holder
  }
}

/** The port a physical board names: its `port`, or the listed port carrying its `serialNumber`. */
export function portOf(board: Extract<BoardSpec, { kind: 'physical' }>, ports: readonly PortInfo[]): string | undefined {
  if (board.port) return board.port;
  return ports.find((p) => p.serialNumber === board.serialNumber)?.path;
}

/** Every physical board whose port cannot be used, with why; virtual boards need nothing. */
export function preflight(boards: readonly BoardSpec[], ports: readonly PortInfo[], deps: ProbeDeps = {}): PreflightFailure[] {
  const failures: PreflightFailure[] = [];
  for (const board of boards) {
    if (board.kind !== 'physical') continue;
    const path = portOf(board, ports);
    if (!path) {
      failures.push({ board: board.name, port: `USB serial number ${board.serialNumber}`, problem: { kind: 'missing' } });
      continue;
    }
    const problem = probePort(path, deps);
    if (problem) failures.push({ board: board.name, port: path, problem });
  }
  return failures;
}

/** One line: the board, the port, what is wrong and what to do. */
export function describeFailure(f: PreflightFailure): string {
  const where = `board ${f.board}: ${f.port}`;
  switch (f.problem.kind) {
    case 'missing':
      return `${where} is not present: is it plugged in? \`npx hil boards\` lists the ports this host has.`;
    case 'not-serial':
      return `${where} is not a serial port (${f.problem.what}): give the board's serial device in the lab config, e.g. /dev/ttyUSB0.`;
    case 'no-permission':
      return `${where} may not be opened by this user (${f.problem.detail}): add the user to the group that owns it (usually dialout: sudo usermod -aG dialout $USER, then log in again).`;
    case 'busy':
      return `${where} is held open by ${f.problem.holders.map((h) => `${h.pid} (${h.name})`).join(', ')}: close that program (a mos console, screen, minicom, another hil run) and try again.`;
  }
}

export class PreflightError extends Error {
  override name = 'PreflightError';
  constructor(readonly failures: readonly PreflightFailure[]) {
    super(`${failures.length === 1 ? 'A board' : `${failures.length} boards`} cannot be used, so no scenario was started:\n  ${failures.map(describeFailure).join('\n  ')}`);
  }
}
