/**
 * The device side of RPC over the UART, as rpc-uart behaves: bytes from the host are
 * gathered into `\n`-terminated frames; a frame is a JSON object, optionally followed by
 * 8 hex digits of CRC-32, optionally wrapped in the legacy `"""` delimiters. Once the host
 * uses delimiters or a CRC, replies carry them too.
 *
 * What happens to bad input is part of the model: a byte ≥ 0x80 throws away everything
 * received so far; a frame whose CRC does not match is dropped silently (the host can only
 * time out); unterminated data beyond the frame limit + 6 bytes is discarded and what
 * follows is parsed as a fresh frame.
 */
import { crc32Hex } from '../../serial/crc32.ts';

export type RawFrame =
  | { kind: 'handshake' }
  | { kind: 'empty' }
  | { kind: 'json'; text: string; withCrc: boolean; withDelimiters: boolean }
  | { kind: 'dropped'; reason: string };

const DELIM = '"""';
const CRC_TAIL = /^(.*\})([0-9a-fA-F]{8})$/s;

export class FrameReader {
  #buffer = '';
  /** Sticky: once the host sends them, the device replies with them. */
  useCrc = false;
  useDelimiters = false;

  constructor(
    private readonly maxFrameSize: () => number,
    private readonly onFrame: (frame: RawFrame) => void,
  ) {}

  push(bytes: Buffer): void {
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! >= 0x80) {
        this.#buffer = '';
        start = i + 1;
      }
    }
    this.#buffer += bytes.subarray(start).toString('latin1');
    this.#drain();
  }

  #drain(): void {
    for (let guard = 0; guard < 100_000; guard++) {
      const nl = this.#buffer.indexOf('\n');
      if (nl < 0) break;
      const frame = this.#buffer.slice(0, nl);
      this.#buffer = this.#buffer.slice(nl + 1);
      this.onFrame(this.#parse(frame));
    }
    const limit = this.maxFrameSize() + 6;
    if (this.#buffer.length > limit) {
      this.onFrame({ kind: 'dropped', reason: `frame larger than ${limit} bytes` });
      this.#buffer = this.#buffer.slice(limit);
    }
  }

  #parse(line: string): RawFrame {
    let body = line.replace(/\r$/, '').trim();
    if (body.startsWith(DELIM) && body.endsWith(DELIM) && body.length >= 2 * DELIM.length) {
      body = body.slice(DELIM.length, body.length - DELIM.length);
      this.useDelimiters = true;
    }
    if (body === '\x04') return { kind: 'handshake' };
    if (body === '') return { kind: 'empty' };
    const withCrc = CRC_TAIL.exec(body);
    if (withCrc) {
      const [, json, crc] = withCrc;
      if (crc32Hex(Buffer.from(json!, 'latin1')) !== crc!.toLowerCase()) {
        return { kind: 'dropped', reason: 'CRC mismatch' };
      }
      this.useCrc = true;
      return { kind: 'json', text: json!, withCrc: true, withDelimiters: this.useDelimiters };
    }
    return { kind: 'json', text: body, withCrc: false, withDelimiters: this.useDelimiters };
  }

  /** Bytes of a reply frame, in the format the host negotiated. */
  encodeReply(json: string): Buffer {
    const crc = this.useCrc ? crc32Hex(Buffer.from(json, 'latin1')) : '';
    const d = this.useDelimiters ? DELIM : '';
    return Buffer.from(`\n${d}${json}${crc}${d}\n`, 'latin1');
  }
}
