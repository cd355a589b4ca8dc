import type { Personality } from './personality.ts';

/**
 * The library's defect 4 (mqtt-client-behaviour.md, "Defects of the implementation"):
 * `mgos_mqtt_pub` caps the QoS once, stores the capped flags in the queue entry, and the
 * replay sends those flags unchanged (src/mgos_mqtt_conn.c). A QoS 1 message queued while
 * the cap was 2 therefore goes out at QoS 1 after the cap was lowered to 0, and a broker
 * that accepts only QoS 0 cuts the board at every CONNACK. Because the replay is not QoS 0,
 * the entry also stays in the queue until a PUBACK that such a broker never sends.
 */
export const libReplayStoredQos: Personality = {
  name: 'lib-replay-stored-qos',
  description: 'The library defect "a queued message is replayed at the QoS it had when it was queued": after the cap is lowered, a QoS 1 entry queued before is still replayed at QoS 1, so a QoS 0-only broker cuts the board at every CONNACK.',
  replayQos: ({ stored }) => stored,
};
