/**
 * One real pseudo-terminal, owned by the virtual board. The board reads and writes the
 * master side; the harness opens the slave path (`/dev/pts/N`) with the same serialport
 * code it uses for `/dev/ttyUSB0`.
 *
 * Only npm packages are needed: @lydell/node-pty's native `open()` creates the pair
 * without spawning a process. The board keeps the slave fd open itself, in raw mode and
 * unread, so that (a) the line discipline neither echoes nor rewrites bytes before the
 * harness opens the port, and (b) the master does not fail with EIO while no host has
 * the port open — like a UART with nobody listening.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import tty from 'node:tty';

interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
}

function loadNative(): NativePty {
  const require = createRequire(import.meta.url);
  const candidates = [`@lydell/node-pty-${process.platform}-${process.arch}/pty.node`];
  for (const id of candidates) {
    try {
      return require(id) as NativePty;
    } catch {
      // try the next candidate
    }
  }
  throw new Error(
    `no prebuilt pseudo-terminal module for ${process.platform}-${process.arch} ` +
      `(looked for ${candidates.join(', ')}); run \`npm ci\` on a supported platform (linux-x64, linux-arm64, darwin)`,
  );
}

/** Bytes kept while the host is not reading; beyond it the oldest output is lost, as on a UART. */
const MAX_PENDING = 256 * 1024;
const RETRY_MS = 5;

export class PtyEndpoint {
  readonly path: string;
  readonly #master: number;
  readonly #slaveHold: tty.ReadStream;
  readonly #reader: tty.ReadStream;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(onData: (bytes: Buffer) => void) {
    const { master, slave, pty } = loadNative().open(80, 24);
    this.path = pty;
    this.#master = master;
    this.#slaveHold = new tty.ReadStream(slave);
    this.#slaveHold.setRawMode(true);
    this.#slaveHold.pause();
    this.#reader = new tty.ReadStream(master);
    this.#reader.on('data', (chunk: Buffer) => onData(chunk));
    // EIO on the master happens only if every slave fd closes; we hold one, so any error is real.
    this.#reader.on('error', (err) => {
      if (!this.#closed) process.emitWarning(`virtual board pty ${pty}: ${err.message}`);
    });
  }

  /** Queues bytes for the host; never blocks the board (Node tty writes on a master spin). */
  write(bytes: Buffer): void {
    if (this.#closed || bytes.length === 0) return;
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    while (this.#pendingBytes > MAX_PENDING && this.#pending.length > 1) {
      this.#pendingBytes -= this.#pending.shift()!.length;
    }
    this.#flush();
  }

  #flush(): void {
    if (this.#retry) return;
    while (this.#pending.length > 0) {
      const head = this.#pending[0]!;
      let n: number;
      try {
        n = fs.writeSync(this.#master, head);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
          this.#retry = setTimeout(() => {
            this.#retry = undefined;
            this.#flush();
          }, RETRY_MS);
          return;
        }
        throw err;
      }
      this.#pendingBytes -= n;
      if (n < head.length) this.#pending[0] = head.subarray(n);
      else this.#pending.shift();
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#reader.destroy();
    this.#slaveHold.destroy();
  }
}
