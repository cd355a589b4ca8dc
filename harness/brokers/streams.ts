/**
 * In-process streams. `BrokerEnd` is what the broker gets from `handle()` for a gated
 * connection: the gate pushes the device's packets into it and hears what the broker
 * writes and when it hangs up. `duplexPair` joins two ends in memory, for the harness's
 * own clients, which talk to a broker without going through its gate.
 */
import { Duplex } from 'node:stream';

export interface BrokerEndHooks {
  /** Bytes the broker wrote towards the device. */
  onWrite(chunk: Buffer): void;
  /** The broker ended or destroyed the stream (with its error, if any). */
  onBrokerClose(error: Error | undefined): void;
  /** The broker wants more input (resume a paused socket). */
  onRead(): void;
}

export class BrokerEnd extends Duplex {
  constructor(private readonly hooks: BrokerEndHooks) {
    super();
  }

  override _read(): void {
    this.hooks.onRead();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.hooks.onWrite(chunk);
    callback();
  }

  /**
   * What the broker wrote while its stream was corked (mqtt-packet writes a packet as
   * several small buffers and corks the stream until the next tick): one call, not one per
   * buffer.
   */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.hooks.onWrite(chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk)));
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.hooks.onBrokerClose(undefined);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.hooks.onBrokerClose(error ?? undefined);
    // The broker's error is reported through onBrokerClose; re-emitting it would only
    // reach the broker's own no-op handler.
    callback(null);
  }
}

/** Two duplex streams joined in memory: what one writes, the other reads. */
export function duplexPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const make = (peer: () => Duplex): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
      destroy(error, callback) {
        const other = peer();
        if (!other.destroyed) other.destroy();
        callback(error);
      },
    });
  ends.push(make(() => ends[1]!), make(() => ends[0]!));
  return [ends[0]!, ends[1]!];
}
