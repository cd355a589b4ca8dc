/**
 * RPC calls to a Mongoose OS board over its serial link, as mos makes them: a handshake
 * first, positive integer ids, a CRC on every request, several calls in flight matched by
 * id, each with its own deadline. The device drops bad frames silently, so the only sign
 * of a lost request or reply is a timeout, and its error says so.
 */
import { PortClosedError } from './errors.ts';
import {
  RpcClientClosedError,
  RpcFrameTooLargeError,
  RpcHandshakeError,
  RpcProtocolError,
  RpcRemoteError,
  RpcTimeoutError,
} from './rpc-errors.ts';
import { encodeHandshake, encodeRequest, replyIdOf } from './rpc-frame.ts';
import type { LinkClosed, SerialLink } from './serial-link.ts';
import type { SerialLine } from './serial-line.ts';

export const DEFAULT_RPC_SRC = 'mgos-hil';
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;
/** The device's default rpc.max_frame_size. */
export const DEFAULT_MAX_FRAME_BYTES = 4096;

export interface RpcClientOptions {
  /** Our name in requests; the device puts it in `dst` of its replies. */
  src?: string;
  /** Append a CRC-32 to requests (the device then checks it and signs its replies). Default true. */
  crc?: boolean;
  /** Wrap requests in the legacy `"""` delimiters. Default false. */
  delimiters?: boolean;
  /** Per-call deadline when the call gives none. */
  timeoutMs?: number;
  maxFrameBytes?: number;
  /**
   * The first id to use. Default: a random one below 2^20, so that a late reply to an
   * earlier session's call cannot be taken for a reply to this session's.
   */
  firstId?: number;
}

export interface CallOptions {
  timeoutMs?: number;
  /** Address a specific device id (the device drops requests for other ids). */
  dst?: string;
}

export interface HandshakeOptions {
  /** Give up after this long. Default 5000 ms. */
  timeoutMs?: number;
  /** Resend this often. Default 200 ms, as mos does. */
  intervalMs?: number;
}

export interface HandshakeResult {
  attempts: number;
  ms: number;
}

interface PendingCall {
  id: number;
  method: string;
  timer: NodeJS.Timeout;
  rejectedFrames: string[];
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeFrameRejection(line: SerialLine): string {
  return `+${line.t.toFixed(1)} ${line.type === 'noise' ? line.reason : line.type}: ${line.text.slice(0, 200)}`;
}

export class RpcClient {
  readonly link: SerialLink;
  readonly src: string;
  readonly #options: Required<Omit<RpcClientOptions, 'src' | 'firstId'>>;
  readonly #pending = new Map<number, PendingCall>();
  #nextId: number;
  #closed = false;
  readonly #onLine = (line: SerialLine) => this.#handleLine(line);
  readonly #onClosed = (info: LinkClosed) => this.#handleLinkClosed(info);

  constructor(link: SerialLink, options: RpcClientOptions = {}) {
    this.link = link;
    this.src = options.src ?? DEFAULT_RPC_SRC;
    this.#options = {
      crc: options.crc ?? true,
      delimiters: options.delimiters ?? false,
      timeoutMs: options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS,
      maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    };
    const firstId = options.firstId ?? 1 + Math.floor(Math.random() * 2 ** 20);
    if (!Number.isSafeInteger(firstId) || firstId < 1) throw new RangeError(`RpcClient: firstId must be a positive integer, got ${firstId}`);
    this.#nextId = firstId;
    link.on('line', this.#onLine);
    link.on('closed', this.#onClosed);
  }

  /** A client that has completed the handshake with the board. */
  static async connect(link: SerialLink, options: RpcClientOptions & { handshake?: HandshakeOptions } = {}): Promise<RpcClient> {
    const client = new RpcClient(link, options);
    try {
      await client.handshake(options.handshake);
    } catch (err) {
      client.close();
      throw err;
    }
    return client;
  }

  get inFlight(): number {
    return this.#pending.size;
  }

  /**
   * Sends the EOT frame every `intervalMs` until the device echoes it, so the channel is
   * known to be up and the device's receive buffer is clean.
   */
  handshake(options: HandshakeOptions = {}): Promise<HandshakeResult> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const intervalMs = options.intervalMs ?? 200;
    const link = this.link;
    const start = link.now();
    const maxAttempts = Math.ceil(timeoutMs / intervalMs) + 1;
    return new Promise<HandshakeResult>((resolve, reject) => {
      let attempts = 0;
      const finish = (err: Error | undefined) => {
        clearInterval(resend);
        clearTimeout(deadline);
        link.off('line', onLine);
        link.off('closed', onClosed);
        if (err) reject(err);
        else resolve({ attempts, ms: link.now() - start });
      };
      const onLine = (line: SerialLine) => {
        if (line.type === 'rpc' && line.frame.kind === 'eot' && line.t >= start) finish(undefined);
      };
      const onClosed = (info: LinkClosed) => finish(new PortClosedError(link.path, info.disconnected, 'doing the RPC handshake'));
      const send = () => {
        if (attempts >= maxAttempts) return;
        attempts++;
        link.write(encodeHandshake()).catch((err: Error) => finish(err));
      };
      const resend = setInterval(send, intervalMs);
      const deadline = setTimeout(
        () => finish(new RpcHandshakeError(link.path, attempts, timeoutMs, link.tail(), link.logPath)),
        timeoutMs,
      );
      link.on('line', onLine);
      link.on('closed', onClosed);
      send();
    });
  }

  /**
   * Calls `method` and resolves with its result (`null` when the device sends none).
   * Rejects with RpcRemoteError (the device's error code and message), RpcTimeoutError,
   * RpcProtocolError, RpcFrameTooLargeError, or the link's PortClosedError.
   */
  call<T = unknown>(method: string, params?: unknown, options: CallOptions = {}): Promise<T> {
    if (this.#closed) return Promise.reject(new Error(`RpcClient on ${this.link.path} is closed; cannot call ${method}.`));
    const id = this.#nextId++;
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    const frame = encodeRequest(
      { id, src: this.src, ...(options.dst ? { dst: options.dst } : {}), method, params },
      { crc: this.#options.crc, delimiters: this.#options.delimiters },
    );
    if (frame.length - 1 > this.#options.maxFrameBytes) {
      return Promise.reject(new RpcFrameTooLargeError(method, frame.length - 1, this.#options.maxFrameBytes));
    }
    return new Promise<T>((resolve, reject) => {
      const pending: PendingCall = {
        id,
        method,
        rejectedFrames: [],
        resolve: resolve as (result: unknown) => void,
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(id);
          reject(
            new RpcTimeoutError({
              method,
              id,
              timeoutMs,
              path: this.link.path,
              tail: this.link.tail(),
              rejectedFrames: pending.rejectedFrames,
              logPath: this.link.logPath,
            }),
          );
        }, timeoutMs),
      };
      this.#pending.set(id, pending);
      this.link.write(frame).catch((err: Error) => this.#fail(pending, this.#sendFailure(err, method, id)));
    });
  }

  /** Stops listening to the link; calls still in flight are rejected. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.link.off('line', this.#onLine);
    this.link.off('closed', this.#onClosed);
    for (const pending of [...this.#pending.values()]) this.#fail(pending, new RpcClientClosedError(pending.method, pending.id));
  }

  #sendFailure(err: Error, method: string, id: number): Error {
    if (!(err instanceof PortClosedError)) return err;
    return new PortClosedError(this.link.path, err.disconnected, `sending ${method} (id ${id})`, { cause: err });
  }

  #fail(pending: PendingCall, err: Error): void {
    if (this.#pending.get(pending.id) !== pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(pending.id);
    pending.reject(err);
  }

  #succeed(pending: PendingCall, result: unknown): void {
    clearTimeout(pending.timer);
    this.#pending.delete(pending.id);
    pending.resolve(result);
  }

  #handleLine(line: SerialLine): void {
    if (line.type === 'noise' && line.reason.startsWith('RPC frame rejected')) {
      for (const pending of this.#pending.values()) pending.rejectedFrames.push(describeFrameRejection(line));
      return;
    }
    if (line.type !== 'rpc' || line.frame.kind !== 'message') return;
    const reply = line.frame.message;
    // A request from the device, or a reply addressed to another host: not ours.
    if ('method' in reply) return;
    if (typeof reply.dst === 'string' && reply.dst !== this.src) return;
    const pending = this.#pendingFor(reply.id);
    // No pending call: a late reply to a call that already timed out, or to another client.
    if (!pending) return;
    this.#settleFrom(pending, reply);
  }

  #pendingFor(replyId: unknown): PendingCall | undefined {
    if (typeof replyId !== 'number' && typeof replyId !== 'string') return undefined;
    const normalised = replyIdOf(replyId);
    return typeof normalised === 'number' ? this.#pending.get(normalised) : undefined;
  }

  #settleFrom(pending: PendingCall, reply: Record<string, unknown>): void {
    const error = reply.error;
    if (error === undefined || error === null) {
      this.#succeed(pending, reply.result === undefined ? null : reply.result);
      return;
    }
    if (!isRecord(error) || typeof error.code !== 'number' || !Number.isInteger(error.code)) {
      this.#fail(pending, new RpcProtocolError(pending.method, pending.id, '`error` is not an object with an integer `code`', reply));
      return;
    }
    if (error.message !== undefined && typeof error.message !== 'string') {
      this.#fail(pending, new RpcProtocolError(pending.method, pending.id, '`error.message` is not a string', reply));
      return;
    }
    this.#fail(pending, new RpcRemoteError(pending.method, pending.id, error.code, error.message ?? '', this.link.path));
  }

  #handleLinkClosed(info: LinkClosed): void {
    for (const pending of [...this.#pending.values()]) {
      this.#fail(pending, new PortClosedError(this.link.path, info.disconnected, `waiting for the reply to ${pending.method} (id ${pending.id})`));
    }
  }
}
