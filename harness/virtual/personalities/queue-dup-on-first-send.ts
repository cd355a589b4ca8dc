import type { Personality } from './personality.ts';

/**
 * The library keeps "sent on this connection" in the DUP bit; this firmware sets the
 * mark before the first transmission instead of after it, so a QoS ≥ 1 publish sent at
 * once already carries DUP = 1.
 */
export const queueDupOnFirstSend: Personality = {
  name: 'queue-dup-on-first-send',
  description: 'Breaks DUP = 0 on a first send: a QoS ≥ 1 publish made while connected goes out with DUP = 1 the first time.',
  firstSendDup: ({ qos }, faithful) => (qos > 0 ? true : faithful),
};
