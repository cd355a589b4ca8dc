/** Which configured boards are present, missing or busy, from the ports this host has. */
import fs from 'node:fs';
import type { BoardSpec } from '../lab/schema.ts';
import { holdersOf, type PortInfo } from './list-ports.ts';

export type BoardPresence =
  | { board: string; status: 'virtual' }
  | { board: string; status: 'present'; path: string }
  | { board: string; status: 'busy'; path: string; holders: number[] }
  | { board: string; status: 'missing'; wanted: string };

export function inventory(boards: BoardSpec[], ports: PortInfo[], holders = holdersOf): BoardPresence[] {
  return boards.map((b): BoardPresence => {
    if (b.kind === 'virtual') return { board: b.name, status: 'virtual' };
    const port = b.port
      ? (ports.find((p) => p.path === b.port) ?? (fs.existsSync(b.port) ? { path: b.port } : undefined))
      : ports.find((p) => p.serialNumber === b.serialNumber);
    if (!port) return { board: b.name, status: 'missing', wanted: b.port ?? `USB serial number ${b.serialNumber}` };
    const pids = holders(port.path);
    return pids.length > 0 ? { board: b.name, status: 'busy', path: port.path, holders: pids } : { board: b.name, status: 'present', path: port.path };
  });
}
