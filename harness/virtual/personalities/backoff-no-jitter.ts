import type { Personality } from './personality.ts';

export const backoffNoJitter: Personality = {
  name: 'backoff-no-jitter',
  description: 'Breaks the ±10 % fuzz of reconnect delays: every delay is exactly the nominal one.',
  fuzzedDelayMs: ({ nominalMs }) => nominalMs,
};
