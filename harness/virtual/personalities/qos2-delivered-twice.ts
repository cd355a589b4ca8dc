import type { Personality } from './personality.ts';

/** Firmware that keeps no record of the QoS 2 ids it has answered PUBREC to. */
export const qos2DeliveredTwice: Personality = {
  name: 'qos2-delivered-twice',
  description: 'A QoS 2 message the broker sends again before its PUBREL (a persistent session resumed after the PUBREC was lost) is answered PUBREC but handed to the handler a second time.',
  knowsQos2Redelivery: () => false,
};
