/**
 * A pseudo-terminal whose far end a test drives by hand: the harness opens `path` with
 * serialport exactly as it would open /dev/ttyUSB0, and the test reads what the harness
 * sent and writes what a board would say. Built on node-pty's native `open()`, which
 * makes the pair without spawning anything.
 *
 * Notes: the slave fd is kept open (raw, never read) so the pty survives between opens;
 * writes to the master use fs.writeSync and back off on EAGAIN (a tty write stream spins);
 * opening the port flushes anything written before, so open the link first.
 */
import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import tty from 'node:tty';

const require = createRequire(import.meta.url);

interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
}

const native = require('@lydell/node-pty-linux-x64/pty.node') as NativePty;

export interface PtyPeerEvents {
  data: [Buffer];
  /** One line the harness sent, without its `\n`. */
  line: [Buffer];
}

const MAX_HELD_BYTES = 1 << 20;

export class PtyPeer extends EventEmitter<PtyPeerEvents> {
  /** The path the harness opens. */
  readonly path: string;
  readonly #master: number;
  readonly #masterStream: tty.ReadStream;
  readonly #slaveStream: tty.ReadStream;
  #received: Buffer[] = [];
  #receivedBytes = 0;
  #partial = Buffer.alloc(0);
  #closed = false;
  /** Errors from the master side other than the EIO of a closed far end. */
  readonly errors: Error[] = [];

  constructor() {
    super();
    const pair = native.open(80, 24);
    this.path = pair.pty;
    this.#master = pair.master;
    this.#slaveStream = new tty.ReadStream(pair.slave);
    this.#slaveStream.setRawMode(true);
    this.#slaveStream.pause();
    this.#masterStream = new tty.ReadStream(pair.master);
    this.#masterStream.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#masterStream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EIO') this.errors.push(err);
    });
    this.#slaveStream.on('error', (err: Error) => this.errors.push(err));
  }

  /** Everything the harness wrote so far (bounded to the last 1 MiB). */
  received(): Buffer {
    return Buffer.concat(this.#received);
  }

  /** Writes bytes as the board, waiting out EAGAIN for at most `timeoutMs`. */
  async write(data: Buffer | string, timeoutMs = 2000): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    const deadline = Date.now() + timeoutMs;
    let offset = 0;
    while (offset < bytes.length) {
      if (this.#closed) throw new Error(`PtyPeer ${this.path}: write after close`);
      try {
        offset += writeSync(this.#master, bytes, offset, bytes.length - offset);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        if (Date.now() > deadline) throw new Error(`PtyPeer ${this.path}: master stayed full for ${timeoutMs} ms (is the harness reading?)`);
        await new Promise((resolve) => setTimeout(resolve, 2)); // back-off between retries, not synchronisation
      }
    }
  }

  /** The first line (sent from now on) the predicate accepts; rejects after `timeoutMs`. */
  nextLine(predicate: (line: Buffer) => boolean = () => true, timeoutMs = 2000): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const onLine = (line: Buffer) => {
        if (!predicate(line)) return;
        clearTimeout(timer);
        this.off('line', onLine);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.off('line', onLine);
        reject(new Error(`PtyPeer ${this.path}: no matching line from the harness within ${timeoutMs} ms; received so far: ${JSON.stringify(this.received().toString('latin1').slice(-500))}`));
      }, timeoutMs);
      this.on('line', onLine);
    });
  }

  /**
   * Closes the master: to the harness the port vanishes, as when a USB adapter is pulled.
   * Do it once the harness has read something: serialport notices the hangup while it waits
   * for data, but a pty hung up before its first read only gives it end-of-file reads,
   * which it retries in a loop instead of reporting a disconnect.
   */
  hangup(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#masterStream.destroy();
  }

  close(): void {
    this.hangup();
    this.#slaveStream.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#received.push(chunk);
    this.#receivedBytes += chunk.length;
    while (this.#receivedBytes > MAX_HELD_BYTES && this.#received.length > 1) this.#receivedBytes -= this.#received.shift()!.length;
    this.emit('data', chunk);
    let rest = Buffer.concat([this.#partial, chunk]);
    for (let nl = rest.indexOf(0x0a); nl >= 0; nl = rest.indexOf(0x0a)) {
      this.emit('line', rest.subarray(0, nl));
      rest = rest.subarray(nl + 1);
    }
    this.#partial = Buffer.from(rest.subarray(-MAX_HELD_BYTES));
  }
}

export function openPtyPeer(): PtyPeer {
  return new PtyPeer();
}
