/**
 * The RPC frame codec for the UART channel, host side. A frame is one JSON object,
 * optionally followed by a CRC-32 of the JSON bytes as 8 lowercase hex digits, optionally
 * wrapped in the legacy `"""` delimiters, and ended by `\n`. Everything the host sends is
 * ASCII: a byte >= 0x80 makes the device discard its receive buffer.
 */
import { crc32Hex } from './crc32.ts';

export const FRAME_DELIMITER = '"""';
/** A frame holding only this byte is the handshake; the device echoes it back delimited. */
export const EOT = '\x04';

export type RpcId = number | string;

export interface RpcRequest {
  /** Omit for a notification: the device sends no reply. Prefer positive integers. */
  id?: RpcId;
  src: string;
  dst?: string;
  method: string;
  params?: unknown;
}

export interface FrameOptions {
  /** Append the CRC-32 of the JSON (the device then adds one to its replies). */
  crc?: boolean;
  /** Wrap in `"""` (the device then wraps its replies too). */
  delimiters?: boolean;
}

/** JSON with every character outside printable ASCII written as `\uXXXX`. */
export function toAsciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`toAsciiJson: ${typeof value} has no JSON form`);
  // Outside strings JSON has only ASCII, so escaping is always inside a string literal.
  return json.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function wrap(json: string, options: FrameOptions): Buffer {
  const crc = options.crc ? crc32Hex(json) : '';
  const d = options.delimiters ? FRAME_DELIMITER : '';
  return Buffer.from(d + json + crc + d + '\n', 'ascii');
}

/** The bytes of a request frame, keys in the order id, src, dst, method, params. */
export function encodeRequest(request: RpcRequest, options: FrameOptions = {}): Buffer {
  const ordered: Record<string, unknown> = {};
  if (request.id !== undefined) ordered.id = request.id;
  ordered.src = request.src;
  if (request.dst !== undefined) ordered.dst = request.dst;
  ordered.method = request.method;
  if (request.params !== undefined) ordered.params = request.params;
  return wrap(toAsciiJson(ordered), options);
}

/**
 * The handshake mos sends until the device answers: an EOT frame in delimiters, then an
 * empty line that flushes anything half-received before it.
 */
export function encodeHandshake(): Buffer {
  return Buffer.from(FRAME_DELIMITER + EOT + FRAME_DELIMITER + '\n\n', 'ascii');
}

/**
 * The id the device will put in its reply: it re-renders ids, digits-only ones as JSON
 * numbers and everything else as strings.
 */
export function replyIdOf(id: RpcId): RpcId {
  const s = String(id);
  return /^[0-9]+$/.test(s) ? Number(s) : s;
}

/** Whether a reply id answers a request id, allowing for the device's rewriting. */
export function sameRpcId(requestId: RpcId, replyId: unknown): boolean {
  if (typeof replyId !== 'number' && typeof replyId !== 'string') return false;
  return replyIdOf(requestId) === replyIdOf(replyId);
}

export type RpcFrame =
  | { kind: 'eot'; delimited: boolean }
  | {
      kind: 'message';
      /** The parsed JSON object: a reply, or a request from the device. */
      message: Record<string, unknown>;
      /** The CRC the frame carried (already verified), or null when it had none. */
      crc: string | null;
      delimited: boolean;
    };

export type FrameDecoding =
  | { status: 'frame'; frame: RpcFrame }
  /** Framed like RPC but unusable (bad CRC, broken JSON): never to be delivered. */
  | { status: 'rejected'; reason: string }
  | { status: 'not-a-frame' };

const DELIMITER_BYTES = Buffer.from(FRAME_DELIMITER, 'ascii');
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const CRC_LENGTH = 8;

function startsWithDelimiter(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes.subarray(0, 3).equals(DELIMITER_BYTES);
}

function isLowerHex(bytes: Buffer): boolean {
  for (const b of bytes) {
    if (!((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66))) return false;
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits `JSON + crc` when the tail is 8 lowercase hex digits right after the closing brace. */
function splitCrc(body: Buffer): { json: Buffer; crc: string | null } {
  const cut = body.length - CRC_LENGTH;
  if (cut >= 2 && body[cut - 1] === CLOSE_BRACE && isLowerHex(body.subarray(cut))) {
    return { json: body.subarray(0, cut), crc: body.subarray(cut).toString('ascii') };
  }
  return { json: body, crc: null };
}

/**
 * Decodes one line (the bytes between two `\n`) if it is an RPC frame. A line counts as a
 * frame when it is delimited, carries a CRC, or is a JSON object with an `id` or `method`;
 * other JSON-looking output (an mJS `print` of an object) is not a frame.
 */
export function decodeFrameLine(line: Buffer): FrameDecoding {
  const delimited = startsWithDelimiter(line);
  let body = line;
  if (delimited) {
    if (line.length < 6 || !line.subarray(line.length - 3).equals(DELIMITER_BYTES)) {
      return { status: 'rejected', reason: 'frame opens with """ but does not end with """' };
    }
    body = line.subarray(3, line.length - 3);
  }
  if (body.length === 1 && body[0] === EOT.charCodeAt(0)) return { status: 'frame', frame: { kind: 'eot', delimited } };
  if (body[0] !== OPEN_BRACE) {
    return delimited ? { status: 'rejected', reason: 'delimited frame does not hold a JSON object' } : { status: 'not-a-frame' };
  }
  const { json, crc } = splitCrc(body);
  const explicitlyFramed = delimited || crc !== null;
  if (crc !== null) {
    const computed = crc32Hex(json);
    if (computed !== crc) {
      return { status: 'rejected', reason: `CRC mismatch: frame carries ${crc}, its JSON bytes give ${computed}` };
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch (err) {
    if (!explicitlyFramed) return { status: 'not-a-frame' };
    return { status: 'rejected', reason: `frame JSON does not parse: ${(err as Error).message}` };
  }
  if (!isPlainObject(parsed)) {
    return explicitlyFramed ? { status: 'rejected', reason: 'frame JSON is not an object' } : { status: 'not-a-frame' };
  }
  if (!explicitlyFramed && !('id' in parsed) && !('method' in parsed)) return { status: 'not-a-frame' };
  return { status: 'frame', frame: { kind: 'message', message: parsed, crc, delimited } };
}
