import type { Personality } from './personality.ts';

export const backoffNoCap: Personality = {
  name: 'backoff-no-cap',
  description: 'Breaks the reconnect schedule cap: the delay keeps doubling past reconnect_timeout_max.',
  nominalDelayMs: ({ rt, minMs }) => Math.max((rt <= 0 ? 1000 : rt) * 2, minMs),
};
