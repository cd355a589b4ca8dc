/**
 * Where a board of the lab config is, for the run: a virtual board is started (one per
 * Playwright worker, in its own process and pseudo-terminal); a physical board's port is
 * found by path or by its adapter's USB serial number.
 */
import path from 'node:path';
import { SerialPort } from 'serialport';
import type { BoardSpec } from '../lab/schema.ts';
import { timeScaleOf } from '../lab/time-scale.ts';
import { startVirtualBoard, type VirtualBoardProcess } from '../virtual/launcher.ts';

export interface BoardTarget {
  name: string;
  kind: 'virtual' | 'physical';
  path: string;
  timeScale: number;
  epsilonMs: number;
  personalities: string[];
  chunking: boolean;
  stop(): Promise<void>;
}

/**
 * Default ε of timing windows, device ms. A virtual board's timers and the harness's
 * stamps share a 2-core machine with the rest of the run: late timers of up to ~25 ms of
 * wall time were measured (device delay logged vs gap measured at the gate, time scale
 * 10), and the time scale multiplies every wall ms into device ms. 30 ms of wall time,
 * scaled, covers that; a physical board's own timers are exact to a few ms and its
 * serial and Wi-Fi latency dominates.
 */
export function defaultEpsilonMs(kind: 'virtual' | 'physical', timeScale: number): number {
  return kind === 'physical' ? 150 : Math.max(60, 30 * timeScale);
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

export async function openTarget(spec: BoardSpec, stateRoot: string): Promise<BoardTarget> {
  if (spec.kind === 'virtual') {
    const timeScale = timeScaleOf(spec);
    const proc: VirtualBoardProcess = await startVirtualBoard({
      mac: spec.mac,
      timeScale,
      seed: spec.seed,
      logVariant: spec.logVariant,
      personalities: spec.personalities,
      stateDir: path.join(stateRoot, spec.name),
    });
    return {
      name: spec.name,
      kind: 'virtual',
      path: proc.path,
      timeScale,
      epsilonMs: spec.tolerances?.epsilonMs ?? defaultEpsilonMs('virtual', timeScale),
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
    timeScale: 1,
    epsilonMs: spec.tolerances?.epsilonMs ?? defaultEpsilonMs('physical', 1),
    personalities: [],
    chunking: true,
    stop: async () => {},
  };
}
