import type { Personality } from './personality.ts';

export const queueNoDup: Personality = {
  name: 'queue-no-dup',
  description: 'Breaks the DUP flag of queue replays: re-sent publishes go out with DUP = 0.',
  replayDup: () => false,
};
