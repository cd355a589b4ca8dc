import type { Personality } from './personality.ts';

export const pubackTwice: Personality = {
  name: 'puback-twice',
  description: 'Breaks "exactly one PUBACK": an incoming QoS 1 message matching a subscription is acknowledged twice.',
  pubackCopies: ({ matched }, faithful) => (matched ? 2 : faithful),
};
