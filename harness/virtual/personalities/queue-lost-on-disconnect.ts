import type { Personality } from './personality.ts';

export const queueLostOnDisconnect: Personality = {
  name: 'queue-lost-on-disconnect',
  description: 'Breaks the QoS ≥ 1 queue: unacknowledged publishes are thrown away when the connection ends, so nothing is replayed.',
  keepQueueOnClose: () => false,
};
