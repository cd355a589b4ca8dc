import type { Personality } from './personality.ts';

export const libNoPubackUnmatched: Personality = {
  name: 'lib-no-puback-unmatched',
  description: 'The library defect "no PUBACK for unmatched QoS 1": a QoS ≥ 1 message matching no subscription is not acknowledged, a matched QoS 2 message gets a PUBACK instead of PUBREC, and PUBREL is never answered.',
  incomingAck: ({ matched }) => (matched ? 'puback' : 'none'),
  answerPubrel: () => false,
};
