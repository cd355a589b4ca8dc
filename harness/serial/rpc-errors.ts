/** Errors of RPC calls over the serial link, each with the method, the id and the evidence. */
import type { SerialLine } from './serial-line.ts';
import { formatTail } from './errors.ts';

export class RpcError extends Error {
  override name = 'RpcError';
}

/** The device answered with an error object. `toString()` is `<code> <message>`. */
export class RpcRemoteError extends RpcError {
  override name = 'RpcRemoteError';
  constructor(
    readonly method: string,
    readonly id: number,
    readonly code: number,
    readonly remoteMessage: string,
    readonly path: string,
  ) {
    super(`RPC ${method} (id ${id}) failed on the device at ${path}: ${code} ${remoteMessage}`);
  }

  override toString(): string {
    return `${this.code} ${this.remoteMessage}`;
  }
}

export interface RpcTimeoutDetails {
  method: string;
  id: number;
  timeoutMs: number;
  path: string;
  tail: readonly SerialLine[];
  /** Frames this side threw away while the call waited (bad CRC, broken JSON). */
  rejectedFrames: readonly string[];
  logPath: string | undefined;
}

export class RpcTimeoutError extends RpcError {
  override name = 'RpcTimeoutError';
  readonly method: string;
  readonly id: number;
  readonly timeoutMs: number;
  readonly path: string;
  readonly tail: string[];
  readonly rejectedFrames: readonly string[];
  readonly logPath: string | undefined;

  constructor(d: RpcTimeoutDetails) {
    const tail = formatTail(d.tail);
    super(
      `RPC ${d.method} (id ${d.id}) got no reply on ${d.path} within ${d.timeoutMs} ms. ` +
        'A board silently drops a request whose CRC does not match or that exceeds rpc.max_frame_size, and a reply ' +
        'damaged on the way is dropped here, so a corrupted or lost frame can only show up as this timeout; ' +
        'a board that is rebooting, crashed or not running the RPC UART channel looks the same.' +
        (d.rejectedFrames.length ? `\nFrames rejected while waiting:\n  ${d.rejectedFrames.join('\n  ')}` : '') +
        (tail.length ? `\nLast ${tail.length} serial lines:\n  ${tail.join('\n  ')}` : '\nNo serial lines were read.') +
        (d.logPath ? `\nFull log: ${d.logPath}` : ''),
    );
    this.method = d.method;
    this.id = d.id;
    this.timeoutMs = d.timeoutMs;
    this.path = d.path;
    this.tail = tail;
    this.rejectedFrames = d.rejectedFrames;
    this.logPath = d.logPath;
  }
}

/** A reply matched a call by id but is not a well-formed reply. */
export class RpcProtocolError extends RpcError {
  override name = 'RpcProtocolError';
  constructor(
    readonly method: string,
    readonly id: number,
    readonly problem: string,
    /** The reply as received. */
    readonly reply: Record<string, unknown>,
  ) {
    super(`RPC ${method} (id ${id}): malformed reply, ${problem}: ${JSON.stringify(reply).slice(0, 500)}`);
  }
}

/** The device never answered the handshake. */
export class RpcHandshakeError extends RpcError {
  override name = 'RpcHandshakeError';
  readonly tail: string[];
  constructor(
    readonly path: string,
    readonly attempts: number,
    readonly timeoutMs: number,
    tail: readonly SerialLine[],
    readonly logPath: string | undefined,
  ) {
    const lines = formatTail(tail);
    super(
      `No answer to the RPC handshake on ${path} after ${attempts} attempts in ${timeoutMs} ms. ` +
        'Is the board running Mongoose OS with the rpc-uart library, at this baud rate, and not stuck in the bootloader?' +
        (lines.length ? `\nLast ${lines.length} serial lines:\n  ${lines.join('\n  ')}` : '\nNo serial lines were read.') +
        (logPath ? `\nFull log: ${logPath}` : ''),
    );
    this.tail = lines;
  }
}

/** The request would be dropped by the device for its size, so it is not sent. */
export class RpcFrameTooLargeError extends RpcError {
  override name = 'RpcFrameTooLargeError';
  constructor(
    readonly method: string,
    readonly frameBytes: number,
    readonly maxFrameBytes: number,
  ) {
    super(
      `RPC ${method}: request frame is ${frameBytes} bytes, over the device's rpc.max_frame_size of ${maxFrameBytes}; ` +
        'the device would drop it silently. Send smaller params, or raise rpc.max_frame_size on the board and maxFrameBytes here.',
    );
  }
}

/** `close()` was called on the client while calls were in flight. */
export class RpcClientClosedError extends RpcError {
  override name = 'RpcClientClosedError';
  constructor(method: string, id: number) {
    super(`RPC ${method} (id ${id}) abandoned: the RPC client was closed before a reply came.`);
  }
}
