/** Which configured boards are present, missing, busy or not on a serial port, from the ports this host has. */
import fs from 'node:fs';
import type { BoardSpec } from '../lab/schema.ts';
import { holdersOf, type PortInfo } from './list-ports.ts';
import { portOf, probePort } from './preflight.ts';

export type BoardPresence =
  | { board: string; status: 'virtual' }
  | { board: string; status: 'present'; path: string }
  | { board: string; status: 'busy'; path: string; holders: number[] }
  | { board: string; status: 'not-serial'; path: string; what: string }
  | { board: string; status: 'missing'; wanted: string };

/** Whether a lab can run as it is: every physical board present and free. */
export function labReady(presence: readonly BoardPresence[]): boolean {
  return presence.every((b) => b.status === 'present' || b.status === 'virtual');
}

export function inventory(boards: BoardSpec[], ports: PortInfo[], holders = holdersOf): BoardPresence[] {
  return boards.map((b): BoardPresence => {
    if (b.kind === 'virtual') return { board: b.name, status: 'virtual' };
    const path = portOf(b, ports);
    const listed = ports.some((p) => p.path === path);
    if (!path || (!listed && !fs.existsSync(path))) return { board: b.name, status: 'missing', wanted: b.port ?? `USB serial number ${b.serialNumber}` };
    // A port listed from /sys/class/tty is a tty by construction; any other path is looked at.
    if (!listed) {
      const problem = probePort(path, { holders: () => [] });
      if (problem?.kind === 'not-serial') return { board: b.name, status: 'not-serial', path, what: problem.what };
    }
    const pids = holders(path);
    return pids.length > 0 ? { board: b.name, status: 'busy', path, holders: pids } : { board: b.name, status: 'present', path };
  });
}
