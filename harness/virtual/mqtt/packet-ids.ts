/**
 * Packet ids as the library hands them out: one counter per connection object, counting
 * 1…65535, wrapping, skipping 0 and ids still held by the publish queue (impl:
 * mgos_mqtt_conn_get_packet_id steps a uint16 until it is neither 0 nor an id of a
 * queue entry). Every publish, QoS 0 too, every SUBSCRIBE and every UNSUBSCRIBE takes one.
 */
export interface PacketIdCandidate {
  /** The counter's next value. */
  readonly candidate: number;
  /** Whether a queued publish still holds it. */
  readonly heldByQueue: boolean;
}

/** Whether the counter steps past a candidate (faithful: when it is 0 or held by the queue). */
export type PacketIdSkip = (ctx: PacketIdCandidate, faithful: boolean) => boolean;

export class PacketIds {
  #last = 0;

  constructor(
    private readonly inUse: (id: number) => boolean,
    private readonly skip: PacketIdSkip = (_ctx, faithful) => faithful,
  ) {}

  next(): number {
    // At most 65536 steps: a full turn of the counter; the queue holds far fewer ids.
    for (let step = 0; step <= 0x10000; step++) {
      this.#last = (this.#last + 1) & 0xffff;
      const heldByQueue = this.#last !== 0 && this.inUse(this.#last);
      if (!this.skip({ candidate: this.#last, heldByQueue }, this.#last === 0 || heldByQueue)) return this.#last;
    }
    throw new Error('no free MQTT packet id: all 65535 ids are held by the publish queue');
  }
}
