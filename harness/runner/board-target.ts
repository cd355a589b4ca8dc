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
