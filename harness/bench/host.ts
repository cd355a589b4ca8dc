/**
 * What the bench measures of the host: its load (printed beside every figure, since the
 * machine is shared), and the CPU and memory of the processes a run starts.
 */
import fs from 'node:fs';
import os from 'node:os';

export interface LoadAverage {
  '1m': number;
  '5m': number;
  '15m': number;
  cores: number;
}

export function loadAverage(): LoadAverage {
  const [a, b, c] = os.loadavg();
  const r = (x: number | undefined) => Math.round((x ?? 0) * 100) / 100;
  return { '1m': r(a), '5m': r(b), '15m': r(c), cores: os.availableParallelism() };
}

/** Clock ticks per second of /proc's times (CLK_TCK; 100 on Linux). */
const TICKS_PER_S = 100;

/**
 * CPU seconds of this process's children that have ended and were waited for (and theirs,
 * transitively): /proc/self/stat cutime + cstime. Undefined off Linux.
 */
export function childCpuSeconds(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3; cutime and cstime are fields 16 and 17.
    return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** Resident memory (bytes) of every live descendant of `root`, summed. */
export function descendantRssBytes(root = process.pid): number {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const e of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(e), Number(fields[1]));
      rss.set(Number(e), Number(fields[21]) * 4096);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  let total = 0;
  for (const [pid, bytes] of rss) {
    let p = parent.get(pid);
    for (let hops = 0; p !== undefined && p > 1 && hops < 64; hops++) {
      if (p === root) {
        total += bytes;
        break;
      }
      p = parent.get(p);
    }
  }
  return total;
}

/** Samples descendantRssBytes every `everyMs` until stopped; the peak. */
export function sampleRss(everyMs = 250): { stop(): number } {
  let peak = descendantRssBytes();
  const timer = setInterval(() => {
    peak = Math.max(peak, descendantRssBytes());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, descendantRssBytes());
    },
  };
}
