import type { Personality } from './personality.ts';

export const reconnectImmediate: Personality = {
  name: 'reconnect-immediate',
  description: 'Breaks the backoff entirely: the next attempt starts at once (delay 0 ms) after every failure.',
  fuzzedDelayMs: () => 0,
};
