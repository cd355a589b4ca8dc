import type { Personality } from './personality.ts';

/**
 * Reason-aware: the firmware treats every CONNACK as "the broker answered" and restarts
 * its backoff, so a broker that refuses the credentials is hammered every 2 s instead of
 * being retried at 2, 4, 8 … s. Every other end of an attempt keeps the schedule.
 */
export const backoffResetOnRefusal: Personality = {
  name: 'backoff-reset-on-refusal',
  description: 'Breaks "a refused CONNACK continues the schedule": after a CONNACK refusal the backoff restarts at 2·max(1 s, min), as after a session.',
  nominalDelayMs: ({ lastEnd, minMs, maxMs }, faithful) => {
    if (lastEnd.kind !== 'connack-refused') return faithful;
    return Math.min(maxMs, Math.max(minMs, 2000));
  },
};
