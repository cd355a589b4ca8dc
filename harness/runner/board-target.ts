/**
 * Where a board of the lab config is, for the run: a virtual board is started (one per
 * Playwright worker, in its own process and pseudo-terminal); a physical board's port is
 * found by path or by its adapter's USB serial number.
 */
import path from 'node:path';
import { SerialPort } from 'serialport';
import { type BoardSpec, timeScaleOf } from '../lab/schema.ts';
import { DeviceTime } from '../time/device-time.ts';
import { startVirtualBoard, type VirtualBoardProcess } from '../virtual/launcher.ts';

export interface BoardTarget {
  name: string;
  kind: 'virtual' | 'physical';
  path: string;
  /** The board's time: scale, ε, device↔wall conversion (built once, here). */
  time: DeviceTime;
  personalities: string[];
  chunking: boolean;
  stop(): Promise<void>;
}

export class BoardNotFoundError extends Error {}

async function findBySerialNumber(serialNumber: string): Promise<string> {
  const ports = await SerialPort.list();
  const hit = ports.find((p) => p.serialNumber === serialNumber);
  if (!hit) {
    const seen = ports.map((p) => `${p.path} (${p.serialNumber ?? 'no serial number'})`).join(', ') || 'none';
    throw new BoardNotFoundError(`no serial port with USB serial number ${serialNumber}; ports present: ${seen}`);
  }
  return hit.path;
}

/**
 * The seed of one start of a virtual board process. A lab's `seed` makes a run
 * reproducible, but Playwright starts a new worker (a new board process) after a failed
 * scenario: with the same seed that board would replay its fuzz sequence like a board
 * reseeded with a constant at boot (the jitter-replayed personality). Each start mixes in
 * the worker's index, so the run stays reproducible and every start draws fresh numbers.
 */
export function seedOfStart(seed: number | undefined, workerIndex: number): number | undefined {
  if (seed === undefined) return undefined;
  return ((seed + Math.imul(workerIndex, 0x9e3779b9)) >>> 0) & 0x7fffffff;
}

export async function openTarget(spec: BoardSpec, stateRoot: string, workerIndex = 0): Promise<BoardTarget> {
  if (spec.kind === 'virtual') {
    const timeScale = timeScaleOf(spec);
    const proc: VirtualBoardProcess = await startVirtualBoard({
      mac: spec.mac,
      timeScale,
      seed: seedOfStart(spec.seed, workerIndex),
      logVariant: spec.logVariant,
      personalities: spec.personalities,
      mutant: spec.mutant,
      stateDir: path.join(stateRoot, spec.name),
    });
    return {
      name: spec.name,
      kind: 'virtual',
      path: proc.path,
      time: DeviceTime.forBoard('virtual', timeScale, spec.tolerances?.epsilonMs),
      personalities: spec.personalities,
      chunking: false,
      stop: () => proc.stop(),
    };
  }
  const portPath = spec.port ?? (await findBySerialNumber(spec.serialNumber!));
  return {
    name: spec.name,
    kind: 'physical',
    path: portPath,
    time: DeviceTime.forBoard('physical', timeScaleOf(spec), spec.tolerances?.epsilonMs),
    personalities: [],
    chunking: true,
    stop: async () => {},
  };
}
