import type { Personality } from './personality.ts';

/**
 * The library's defect 1: the queue test uses the requested QoS while the wire uses the
 * capped one. Nothing else is needed: the client's queue logic (sent marks cleared on
 * PINGRESP and CONNACK, "drained" only once the queue is empty) then produces both
 * phases by itself — duplicates with DUP = 1 after every PINGRESP, and a queue that
 * never drains after a reconnect. A replay goes out at the cap in force when it is sent;
 * the library's stored replay QoS is the separate defect `lib-replay-stored-qos`, and the
 * library itself is both together.
 */
export const libDowngradeQueueJam: Personality = {
  name: 'lib-downgrade-queue-jam',
  description: 'The library defect "QoS downgrade jams the queue": a QoS 1 publish sent as QoS 0 under a cap of 0 is still queued, re-sent as QoS 0 with DUP = 1 after every PINGRESP, and after a reconnect blocks every later QoS ≥ 1 publish.',
  queueDecisionQos: ({ requested }) => requested,
};
