import type { Personality } from './personality.ts';

export const packetIdReusesQueued: Personality = {
  name: 'packet-id-reuses-queued',
  description: 'The packet id counter skips 0 but not the ids still held by queued publishes: after a wrap a new message can take the id of one waiting in the queue, and one PUBACK then removes both.',
  packetIdSkipped: ({ candidate }) => candidate === 0,
};
