/**
 * MQTT on the wire, as the gate sees it: cut a byte stream into whole packets (fixed
 * header + remaining length), and decode one packet with mqtt-packet. The gate forwards
 * the original bytes, never a re-encoding, so what the broker and the device receive is
 * exactly what the other side sent.
 */
import mqttPacket from 'mqtt-packet';
import type { Packet } from 'mqtt-packet';

export type Direction = 'in' | 'out';

/** The largest remaining length MQTT can express (4 length bytes). */
export const MQTT_MAX_REMAINING_LENGTH = 268_435_455;

export type FramerResult = { frames: Buffer[]; error?: string };

/** Splits a byte stream into MQTT packets. After an error it accepts no more input. */
export class PacketFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private failed: string | undefined;

  constructor(private readonly maxPacketBytes: number) {}

  /** Bytes received that do not yet form a whole packet. */
  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): FramerResult {
    if (this.failed) return { frames: [], error: this.failed };
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      const header = readHeader(this.buffer);
      if (header === 'incomplete') break;
      if (typeof header === 'string') return this.fail(frames, header);
      const total = header.headerBytes + header.remaining;
      if (total > this.maxPacketBytes) {
        return this.fail(frames, `packet of ${total} bytes exceeds the gate's limit of ${this.maxPacketBytes} bytes`);
      }
      if (this.buffer.length < total) break;
      // A view, not a copy: a socket's read buffer is never reused by Node, and each frame
      // is forwarded whole (the gate's copy cost ~1 % of its CPU at 64-byte payloads).
      frames.push(this.buffer.subarray(0, total));
      this.buffer = this.buffer.subarray(total);
    }
    return { frames };
  }

  private fail(frames: Buffer[], error: string): FramerResult {
    this.failed = error;
    return { frames, error };
  }
}

function readHeader(buf: Buffer): { headerBytes: number; remaining: number } | 'incomplete' | string {
  if (buf.length < 2) return 'incomplete';
  let remaining = 0;
  let multiplier = 1;
  for (let i = 1; i <= 4; i++) {
    if (i >= buf.length) return 'incomplete';
    const byte = buf[i]!;
    remaining += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return { headerBytes: i + 1, remaining };
    multiplier *= 128;
  }
  return 'malformed remaining length (more than 4 length bytes)';
}

export type DecodeResult = { packet: Packet } | { error: string };

/**
 * Decodes single whole packets, one after another, with one mqtt-packet parser kept
 * between them (making a parser per packet was ~10 % of a gate's CPU: an EventEmitter and
 * a buffer list each time). A packet that fails, or leaves bytes over, throws the parser
 * away, so one bad packet cannot desynchronise the next; so does a new `protocolVersion`
 * (what the CONNECT announced).
 */
export class PacketDecoder {
  #parser: ReturnType<typeof mqttPacket.parser> | undefined;
  #version = 0;
  #packet: Packet | undefined;
  #error: string | undefined;

  decode(frame: Buffer, protocolVersion: number): DecodeResult {
    if (!this.#parser || this.#version !== protocolVersion) this.#make(protocolVersion);
    this.#packet = undefined;
    this.#error = undefined;
    try {
      const left = this.#parser!.parse(frame);
      if (this.#error === undefined && left > 0) this.#error = `${left} byte(s) left over after the packet`;
    } catch (err) {
      this.#error ??= (err as Error).message;
    }
    const packet = this.#packet;
    const error = this.#error ?? (packet ? undefined : 'no packet decoded');
    if (error !== undefined) {
      this.#parser = undefined;
      return { error };
    }
    return { packet: packet! };
  }

  #make(protocolVersion: number): void {
    const parser = mqttPacket.parser({ protocolVersion });
    parser.on('packet', (p: Packet) => {
      this.#packet ??= p;
    });
    parser.on('error', (err: Error) => {
      this.#error ??= err.message;
    });
    this.#parser = parser;
    this.#version = protocolVersion;
  }
}

/** Decodes one whole packet with a parser of its own. */
export function decodePacket(frame: Buffer, protocolVersion: number): DecodeResult {
  return new PacketDecoder().decode(frame, protocolVersion);
}

export function encodePacket(packet: Packet): Buffer {
  return mqttPacket.generate(packet);
}
