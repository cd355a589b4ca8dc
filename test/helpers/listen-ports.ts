/**
 * Fixed broker ports for tests that must name them (a physical-kind board's own pair, a
 * lab's `brokers.basePort`).
 *
 * Asking the kernel for a free port (listen on 0, read it, close, listen again later) races
 * with every outgoing connection on the host: such ports come from the ephemeral range, and
 * a board connecting to its broker may be given the very port between the close and the
 * broker's listen (seen once: `EADDRINUSE 127.0.0.1:45955` in lab-of-three). Ports below
 * the ephemeral range are never handed out for outgoing connections, so a run of them found
 * bindable now can only be taken by another explicit listener.
 */
import fs from 'node:fs';
import net from 'node:net';

const LOWEST = 10_000;
const TRIES = 50;

/** First port of the kernel's ephemeral range (Linux; 32768 elsewhere, its usual value). */
function ephemeralLow(): number {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > LOWEST) return low;
  } catch {
    // not Linux: fall through
  }
  return 32_768;
}

function bindable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive ports below the ephemeral range, each bindable on `host` right now. */
export async function quietPorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const top = ephemeralLow() - count;
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const first = LOWEST + Math.floor(Math.random() * (top - LOWEST));
    const run = Array.from({ length: count }, (_, i) => first + i);
    const free = await Promise.all(run.map((p) => bindable(p, host)));
    if (free.every(Boolean)) return run;
  }
  throw new Error(`no ${count} consecutive free ports in ${LOWEST}..${top} after ${TRIES} tries`);
}
