import type { Personality } from './personality.ts';

/**
 * The firmware logs the new delay but arms the timer with the value from before the
 * doubling (two statements in the wrong order): it says "connecting after 4000 ms" and
 * reconnects after about 2 s. Its own log looks faithful; only the gap measured at the
 * gate shows the bug.
 */
export const logLiesDelay: Personality = {
  name: 'log-lies-delay',
  description: 'Breaks the backoff while its log stays right: it logs each fuzzed delay of the model but waits only half of it (the delay before doubling).',
  waitedDelayMs: ({ loggedMs }) => Math.trunc(loggedMs / 2),
};
