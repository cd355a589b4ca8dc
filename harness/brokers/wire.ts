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
      frames.push(Buffer.from(this.buffer.subarray(0, total)));
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
 * Decodes single whole packets. A fresh parser per packet keeps one bad packet from
 * desynchronising the next; `protocolVersion` carries what the CONNECT announced.
 */
export function decodePacket(frame: Buffer, protocolVersion: number): DecodeResult {
  const parser = mqttPacket.parser({ protocolVersion });
  let packet: Packet | undefined;
  let error: string | undefined;
  parser.on('packet', (p: Packet) => {
    packet ??= p;
  });
  parser.on('error', (err: Error) => {
    error ??= err.message;
  });
  try {
    const left = parser.parse(frame);
    if (!error && left > 0) error = `${left} byte(s) left over after the packet`;
  } catch (err) {
    error ??= (err as Error).message;
  }
  if (error !== undefined) return { error };
  if (!packet) return { error: 'no packet decoded' };
  return { packet };
}

export function encodePacket(packet: Packet): Buffer {
  return mqttPacket.generate(packet);
}
