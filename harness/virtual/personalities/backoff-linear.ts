import type { Personality } from './personality.ts';

export const backoffLinear: Personality = {
  name: 'backoff-linear',
  description: 'Breaks the doubling of the reconnect schedule: delays grow linearly (min, 2·min, 3·min …, capped at max).',
  nominalDelayMs: ({ rt, minMs, maxMs }) => (rt <= 0 ? minMs : Math.min(rt + minMs, maxMs)),
};
