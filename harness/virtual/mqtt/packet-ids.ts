/**
 * Packet ids as the library hands them out: one counter per connection object, counting
 * 1…65535, wrapping, skipping 0 and ids still held by the publish queue.
 */
export class PacketIds {
  #last = 0;

  constructor(private readonly inUse: (id: number) => boolean) {}

  next(): number {
    // At most 65536 steps: a full turn of the counter; the queue holds far fewer ids.
    for (let step = 0; step <= 0x10000; step++) {
      this.#last = (this.#last + 1) & 0xffff;
      if (this.#last !== 0 && !this.inUse(this.#last)) return this.#last;
    }
    throw new Error('no free MQTT packet id: all 65535 ids are held by the publish queue');
  }
}
