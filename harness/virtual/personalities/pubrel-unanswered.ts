import type { Personality } from './personality.ts';

/** Firmware that forgets the last step of the QoS 2 receive flow. */
export const pubrelUnanswered: Personality = {
  name: 'pubrel-unanswered',
  description: 'A QoS 2 message is answered PUBREC and delivered, but the broker\'s PUBREL never gets its PUBCOMP, so the broker keeps the exchange open and sends PUBREL again on every later session.',
  answerPubrel: () => false,
};
