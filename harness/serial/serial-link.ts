/**
 * One board's serial port: the only reader of it. Every chunk read is stamped with the
 * harness clock, split into lines, classified, kept in a bounded history, appended to the
 * log file and emitted. Tests wait for lines with `expect`; the RPC client and the reset
 * code write through `write` and `setModemLines`. Works the same on a USB adapter and on
 * a pseudo-terminal (the virtual board).
 */
import { EventEmitter } from 'node:events';
import type { SerialPort } from 'serialport';
import { type MonoMs, now } from '../clock.ts';
import { classifyLine } from './classify.ts';
import { PORT_VANISHED_REASON, PortClosedError, SerialTimeoutError } from './errors.ts';
import { type FlowEvent, FlowWriter, MOS_CHUNKING, type WriteChunking } from './flow-writer.ts';
import { DEFAULT_HISTORY_LIMIT, LineHistory } from './line-history.ts';
import { LineSplitter, type RawLine } from './line-splitter.ts';
import { DEFAULT_BAUD_RATE, openPortWaitingOutLock, wireMsPerByte } from './port-open.ts';
import { redactText } from '../secrets.ts';
import { SerialLogFile } from './serial-log-file.ts';
import type { NoiseLine, SerialLine } from './serial-line.ts';

export interface SerialLinkOptions {
  /** `/dev/ttyUSB0`, `/dev/pts/N`, … */
  path: string;
  baudRate?: number;
  /** Append every line to this file as `<ISO time> +<mono ms> <text>`. */
  logPath?: string;
  historyLimit?: number;
  /** Longer lines are cut and reported as truncated noise. */
  maxLineBytes?: number;
  /** `true`: 16-byte chunks 5 ms apart, as mos writes to real boards. */
  chunking?: boolean | WriteChunking;
  /**
   * The port is a UART at `baudRate` (8N1): each line of a chunk is stamped at its own end,
   * the chunk's arrival less the wire time of the bytes after it. Off for a pty, which has
   * no wire (a virtual board's lines arrive as it writes them): a pty path is never wire-timed.
   */
  wireTime?: boolean;
  /** How long to honour an XOFF from the device without an XON. */
  xoffMaxPauseMs?: number;
  /** How many recent lines errors carry as evidence. */
  tailLines?: number;
  clock?: () => MonoMs;
}

export interface LinkClosed {
  t: MonoMs;
  /** The port vanished (unplugged, peer gone) rather than being closed by `close()`. */
  disconnected: boolean;
  error?: Error;
}

export interface SerialLinkEvents {
  line: [SerialLine];
  flow: [FlowEvent];
  closed: [LinkClosed];
  /** Something went wrong that does not stop the link (the log file failed, a port error). */
  warning: [Error];
}

export type LineMatcher = RegExp | ((line: SerialLine) => boolean);

export interface ExpectOptions {
  timeoutMs: number;
  /** Also consider lines stamped at or after this (from the history). Default: only lines from now on. */
  since?: MonoMs;
  /** How the pattern is named in the timeout error (default: the RegExp or the function's name). */
  description?: string;
}

export type LinkState = 'open' | 'closing' | 'closed';

interface Waiter {
  matches: (line: SerialLine) => boolean;
  from: MonoMs;
  description: string;
  resolve: (line: SerialLine) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_TAIL_LINES = 20;

function describeMatcher(matcher: LineMatcher): string {
  if (matcher instanceof RegExp) return String(matcher);
  return matcher.name ? `predicate ${matcher.name}` : 'the given predicate';
}

function toPredicate(matcher: LineMatcher): (line: SerialLine) => boolean {
  if (!(matcher instanceof RegExp)) return matcher;
  // A copy without g/y: their lastIndex would make repeated tests skip matches.
  const re = new RegExp(matcher.source, matcher.flags.replace(/[gy]/g, ''));
  return (line) => re.test(line.text);
}

export class SerialLink extends EventEmitter<SerialLinkEvents> {
  readonly path: string;
  readonly baudRate: number;
  readonly logPath: string | undefined;
  readonly #port: SerialPort;
  readonly #clock: () => MonoMs;
  readonly #splitter: LineSplitter;
  /** A byte's time on the wire (8N1: 10 bits), 0 without `wireTime`. */
  readonly #msPerByte: number;
  readonly #history: LineHistory;
  readonly #writer: FlowWriter;
  readonly #tailLines: number;
  readonly #waiters = new Set<Waiter>();
  #log: SerialLogFile | undefined;
  #state: LinkState = 'open';
  #closedInfo: LinkClosed | undefined;
  #logFailure: Error | undefined;
  #lastPortError: Error | undefined;
  readonly #warnings: Error[] = [];

  /** Opens the port (and the log file) and starts reading. */
  static async open(options: SerialLinkOptions): Promise<SerialLink> {
    const log = options.logPath ? SerialLogFile.open(options.logPath) : undefined;
    let port: SerialPort;
    try {
      port = await openPortWaitingOutLock(options.path, options.baudRate ?? DEFAULT_BAUD_RATE);
    } catch (err) {
      log?.close();
      throw err;
    }
    return new SerialLink(port, options, log);
  }

  private constructor(port: SerialPort, options: SerialLinkOptions, log: SerialLogFile | undefined) {
    super();
    this.path = options.path;
    this.baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
    this.#msPerByte = wireMsPerByte(options.path, this.baudRate, options.wireTime);
    this.logPath = options.logPath;
    this.#port = port;
    this.#log = log;
    this.#clock = options.clock ?? now;
    this.#splitter = new LineSplitter({ maxLineBytes: options.maxLineBytes });
    this.#history = new LineHistory(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    this.#tailLines = options.tailLines ?? DEFAULT_TAIL_LINES;
    const chunking = options.chunking === true ? MOS_CHUNKING : options.chunking || false;
    this.#writer = new FlowWriter({
      path: this.path,
      sink: (bytes) => this.#sink(bytes),
      chunking,
      xoffMaxPauseMs: options.xoffMaxPauseMs,
      clock: this.#clock,
      onFlow: (event) => this.emit('flow', event),
    });
    this.#logNote(`--- opened ${this.path} at ${this.baudRate} 8N1`);
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      // A close we did not ask for is the port going away, whatever serialport passes: after a
      // failed write the stream closes itself first, without its disconnect error.
      const unasked = this.#state === 'open';
      this.#finish(unasked || err?.disconnected === true, err ?? this.#lastPortError);
    });
    port.on('error', (err: Error) => {
      this.#lastPortError = err;
      this.#warn(new Error(`Serial port ${this.path} reported: ${err.message}`, { cause: err }));
    });
  }

  get state(): LinkState {
    return this.#state;
  }

  /** Set once the link is closed: how it ended. */
  get closedInfo(): LinkClosed | undefined {
    return this.#closedInfo;
  }

  /** The device has sent XOFF and writes are on hold. */
  get writePaused(): boolean {
    return this.#writer.paused;
  }

  /** The lines still held, oldest first. */
  history(): SerialLine[] {
    return this.#history.toArray();
  }

  tail(n = this.#tailLines): SerialLine[] {
    return this.#history.tail(n);
  }

  now(): MonoMs {
    return this.#clock();
  }

  /**
   * The first line (stamped at or after `since`, default now) that matches. A RegExp is
   * tested against the line's text. Rejects with `SerialTimeoutError` (pattern, recent
   * lines, log path) after `timeoutMs`, or `PortClosedError` if the port closes first.
   */
  expect(matcher: LineMatcher, options: ExpectOptions): Promise<SerialLine> {
    const description = options.description ?? describeMatcher(matcher);
    const from = options.since ?? this.#clock();
    if (this.#state !== 'open') {
      return Promise.reject(new PortClosedError(this.path, this.#closedInfo?.disconnected === true, `waiting for ${description}`));
    }
    const matches = toPredicate(matcher);
    for (const line of this.#history.since(from)) {
      if (matches(line)) return Promise.resolve(line);
    }
    return new Promise<SerialLine>((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        from,
        description,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(
            new SerialTimeoutError({
              path: this.path,
              pattern: description,
              timeoutMs: options.timeoutMs,
              since: from,
              tail: this.tail(),
              logPath: this.logPath,
            }),
          );
        }, options.timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Queues bytes for the device (ASCII only; paused by XOFF; chunked if configured). */
  write(data: Uint8Array | string): Promise<void> {
    if (this.#state !== 'open') {
      return Promise.reject(new PortClosedError(this.path, this.#closedInfo?.disconnected === true, 'writing'));
    }
    return this.#writer.write(data);
  }

  /** Sets the DTR and RTS lines (both, always: serialport defaults a missing one to true). */
  setModemLines(lines: { dtr: boolean; rts: boolean }): Promise<void> {
    if (this.#state !== 'open') {
      return Promise.reject(new PortClosedError(this.path, this.#closedInfo?.disconnected === true, 'setting DTR/RTS'));
    }
    return new Promise<void>((resolve, reject) => {
      this.#port.set({ dtr: lines.dtr, rts: lines.rts }, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Closes the port and releases everything; waiting expects and writes are rejected. */
  async close(): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = 'closing';
    if (this.#port.isOpen) {
      await new Promise<void>((resolve, reject) => {
        this.#port.close((err) => (err ? reject(new Error(`Closing serial port ${this.path} failed: ${err.message}`, { cause: err })) : resolve()));
      }).catch((err: Error) => this.#warn(err));
    }
    this.#finish(false, undefined);
  }

  #sink(bytes: Buffer): Promise<void> {
    if (!this.#port.isOpen) return Promise.reject(new PortClosedError(this.path, this.#closedInfo?.disconnected === true, 'writing'));
    return new Promise<void>((resolve, reject) => {
      this.#port.write(bytes, (err) => {
        if (err) reject(this.#writeFailure(err));
        else this.#port.drain((drainErr) => (drainErr ? reject(this.#writeFailure(drainErr)) : resolve()));
      });
    });
  }

  /** EIO and its kin on a write mean the port is gone (a pty's far end closed, USB unplugged). */
  #writeFailure(err: Error & { code?: string }): Error {
    if (['EIO', 'ENXIO', 'ENODEV', 'EBADF'].includes(err.code ?? '') || /\b(EIO|ENXIO|ENODEV|EBADF)\b|Input\/output error|No such device|Bad file descriptor/i.test(err.message)) {
      return new PortClosedError(this.path, true, 'writing', { cause: err });
    }
    return new Error(`Writing to ${this.path} failed: ${err.message}`, { cause: err });
  }

  #onData(chunk: Buffer): void {
    const t = this.#clock();
    const { lines, flow } = this.#splitter.push(chunk, t, this.#msPerByte);
    for (const signal of flow) this.#writer.onFlowSignal(signal);
    for (const raw of lines) this.#deliver(raw);
  }

  #deliver(raw: RawLine): void {
    const line = classifyLine(raw);
    this.#history.push(line);
    this.#logLine(line.t, line.text);
    for (const waiter of [...this.#waiters]) {
      if (line.t < waiter.from) continue;
      let matched: boolean;
      try {
        matched = waiter.matches(line);
      } catch (err) {
        this.#settle(waiter);
        waiter.reject(err as Error);
        continue;
      }
      if (matched) {
        this.#settle(waiter);
        waiter.resolve(line);
      }
    }
    this.emit('line', line);
  }

  /**
   * The port's end, said as a line too: a wait on the timeline (which records the lines)
   * then holds the cause, where otherwise only the log file would.
   */
  #sayVanished(t: MonoMs, error: Error | undefined): void {
    const text = `--- ${this.path} vanished`;
    const line: NoiseLine = { type: 'noise', t, text, reason: `${PORT_VANISHED_REASON}: ${error?.message ?? 'closed without being asked'}`, bytes: 0 };
    this.#history.push(line);
    this.emit('line', line);
  }

  #settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
  }

  #finish(disconnected: boolean, error: Error | undefined): void {
    if (this.#state === 'closed') return;
    const t = this.#clock();
    const rest = this.#splitter.flush(t);
    if (rest) this.#deliver(rest);
    if (disconnected) this.#sayVanished(t, error);
    this.#state = 'closed';
    const info: LinkClosed = error ? { t, disconnected, error } : { t, disconnected };
    this.#closedInfo = info;
    for (const waiter of [...this.#waiters]) {
      this.#settle(waiter);
      waiter.reject(new PortClosedError(this.path, disconnected, `waiting for ${waiter.description}`, error ? { cause: error } : undefined));
    }
    this.#writer.close(new PortClosedError(this.path, disconnected, 'writing'));
    this.#logNote(disconnected ? `--- ${this.path} vanished: ${error?.message ?? 'disconnected'}` : `--- closed ${this.path}`);
    this.#log?.close();
    this.#log = undefined;
    this.emit('closed', info);
  }

  #logLine(t: MonoMs, text: string): void {
    if (!this.#log) return;
    try {
      // The log is evidence that ends up in reports: secrets (a Config.Get reply's passwords) never go in.
      this.#log.append(t, redactText(text));
    } catch (err) {
      // Keep reading (the board must not lose its reader over a full disk), but say so.
      this.#logFailure = err as Error;
      this.#log = undefined;
      this.#warn(new Error(`Serial log ${this.logPath} stopped after a write failed: ${(err as Error).message}`, { cause: err }));
    }
  }

  #logNote(text: string): void {
    this.#logLine(this.#clock(), text);
  }

  /** Set when the log file could not be written; lines after it are missing from the file. */
  get logFailure(): Error | undefined {
    return this.#logFailure;
  }

  /** Problems that did not stop the link (last 50), also emitted as `warning`. */
  warnings(): readonly Error[] {
    return this.#warnings;
  }

  #warn(err: Error): void {
    this.#warnings.push(err);
    if (this.#warnings.length > 50) this.#warnings.shift();
    this.emit('warning', err);
  }
}
