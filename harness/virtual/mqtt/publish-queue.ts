/**
 * The retry queue for QoS ≥ 1 publishes ("Publishing and the queue"): entries stay until
 * PUBACK/PUBREC; `sentOnThisConnection` marks an entry already sent on the current
 * connection (the library keeps this mark in the DUP bit), so the replay sends each entry
 * once per connection, or again after a PINGRESP clears the marks.
 */
import type { Qos } from './types.ts';

export interface QueuedPublish {
  packetId: number;
  topic: string;
  payload: Buffer;
  /** The QoS the application asked for. */
  requestedQos: Qos;
  /** The QoS it was given when published (capped then); a replay is capped again when it is sent. */
  storedQos: Qos;
  retain: boolean;
  sentOnThisConnection: boolean;
}

export class PublishQueue {
  readonly #entries: QueuedPublish[] = [];

  get length(): number {
    return this.#entries.length;
  }

  holds(packetId: number): boolean {
    return this.#entries.some((e) => e.packetId === packetId);
  }

  /** Appends, first dropping the oldest entries until there is room; returns how many were dropped. */
  add(entry: QueuedPublish, limit: number): number {
    let dropped = 0;
    while (this.#entries.length > 0 && this.#entries.length >= limit) {
      this.#entries.shift();
      dropped++;
    }
    this.#entries.push(entry);
    return dropped;
  }

  /** Removes every entry with this id (acked); returns whether one was there. */
  remove(packetId: number): boolean {
    const before = this.#entries.length;
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      if (this.#entries[i]!.packetId === packetId) this.#entries.splice(i, 1);
    }
    return this.#entries.length !== before;
  }

  /** Allows every entry to be sent again (a new connection, or a PINGRESP). */
  clearSentMarks(): void {
    for (const e of this.#entries) e.sentOnThisConnection = false;
  }

  /** The entries not yet sent on this connection, oldest first. */
  unsent(): QueuedPublish[] {
    return this.#entries.filter((e) => !e.sentOnThisConnection);
  }

  clear(): void {
    this.#entries.length = 0;
  }

  /** Oldest first; read-only. */
  entries(): readonly QueuedPublish[] {
    return this.#entries;
  }

  payloadBytes(): number {
    return this.#entries.reduce((sum, e) => sum + e.payload.length, 0);
  }
}
