import type { Personality } from './personality.ts';

export const pubReturnsZeroOffline: Personality = {
  name: 'pub-returns-zero-offline',
  description: 'Follows the doc instead of the implementation: mgos_mqtt_pub returns 0 while no connection is up (the message is still queued).',
  pubReturnValue: ({ connected }, faithful) => (connected ? faithful : 0),
};
