/**
 * Cuts the incoming byte stream into MQTT packets and decodes them, with the Mongoose
 * receive limits: a packet that cannot complete within `recvLimit` buffered bytes, or a
 * malformed one, is reported so the connection can be closed.
 */
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';

export type FrameResult =
  | { kind: 'packet'; packet: Packet; bytes: number }
  | { kind: 'too-large'; buffered: number; limit: number }
  | { kind: 'malformed'; reason: string };

export class PacketFramer {
  #buffer: Buffer = Buffer.alloc(0);
  #parser = mqttPacket.parser({ protocolVersion: 4 });
  #decoded: Packet[] = [];
  #error: string | null = null;

  /** `recvLimit` ≤ 0 means no limit. */
  constructor(private readonly recvLimit: number) {
    this.#listen();
  }

  #listen(): void {
    this.#parser.on('packet', (p: Packet) => this.#decoded.push(p));
    this.#parser.on('error', (e: Error) => {
      this.#error = e.message;
    });
  }

  /** After a malformed packet (already taken off the buffer): a fresh parser, for a personality that reads on. */
  skipMalformed(): void {
    this.#parser = mqttPacket.parser({ protocolVersion: 4 });
    this.#listen();
  }

  /** Bytes of an unfinished packet held for the next read. */
  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  /** Forgets the unfinished packet's bytes (a personality that takes each read for whole packets). */
  discardPartial(): void {
    this.#buffer = Buffer.alloc(0);
  }

  /** Appends bytes and returns every complete packet, stopping at the first problem. */
  push(chunk: Buffer): FrameResult[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const results: FrameResult[] = [];
    // Each iteration consumes at least two bytes or ends the loop.
    while (this.#buffer.length > 0) {
      const size = frameSize(this.#buffer);
      if (size === 'malformed') {
        results.push({ kind: 'malformed', reason: 'remaining length longer than 4 bytes' });
        return results;
      }
      // Mongoose reads at most recvLimit bytes into its buffer: a longer packet can never
      // complete, and once the buffer is full the connection is closed.
      const limited = this.recvLimit > 0;
      const cannotFit = size === 'incomplete' || (limited && size > this.recvLimit);
      if (cannotFit && limited && this.#buffer.length >= this.recvLimit) {
        results.push({ kind: 'too-large', buffered: this.recvLimit, limit: this.recvLimit });
        return results;
      }
      if (size === 'incomplete' || cannotFit || this.#buffer.length < size) return results;
      const frame = this.#buffer.subarray(0, size);
      this.#buffer = this.#buffer.subarray(size);
      const decoded = this.#decode(frame);
      if (typeof decoded === 'string') {
        results.push({ kind: 'malformed', reason: decoded });
        return results;
      }
      results.push({ kind: 'packet', packet: decoded, bytes: size });
    }
    return results;
  }

  #decode(frame: Buffer): Packet | string {
    this.#decoded = [];
    this.#error = null;
    this.#parser.parse(Buffer.from(frame));
    if (this.#error !== null) return this.#error;
    const [packet] = this.#decoded;
    if (packet === undefined || this.#decoded.length !== 1) return 'frame did not decode to exactly one packet';
    return packet;
  }
}

/** Total length of the packet at the start of `buf` (fixed header included), from its remaining-length varint. */
function frameSize(buf: Buffer): number | 'incomplete' | 'malformed' {
  let remaining = 0;
  let multiplier = 1;
  for (let i = 1; i <= 4; i++) {
    const byte = buf[i];
    if (byte === undefined) return 'incomplete';
    remaining += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return 1 + i + remaining;
    multiplier *= 128;
  }
  return 'malformed';
}
