import type { Personality } from './personality.ts';

/**
 * The library's defect 1: the queue test uses the requested QoS while the wire uses the
 * capped one. Nothing else is needed: the client's queue logic (sent marks cleared on
 * PINGRESP and CONNACK, "drained" only once the queue is empty) then produces both
 * phases by itself — duplicates with DUP = 1 after every PINGRESP, and a queue that
 * never drains after a reconnect.
 */
export const libDowngradeQueueJam: Personality = {
  name: 'lib-downgrade-queue-jam',
  description: 'The library defect "QoS downgrade jams the queue": a QoS 1 publish sent as QoS 0 under a cap of 0 is still queued, re-sent as QoS 0 with DUP = 1 after every PINGRESP, and after a reconnect blocks every later QoS ≥ 1 publish.',
  queueDecisionQos: ({ requested }) => requested,
};
