import type { Personality } from './personality.ts';

export const recvLimitIgnored: Personality = {
  name: 'recv-limit-ignored',
  description: 'Ignores mqtt.recv_mbuf_limit: a message of any size is taken and delivered, the connection stays up.',
  recvMbufLimit: () => 0,
};
