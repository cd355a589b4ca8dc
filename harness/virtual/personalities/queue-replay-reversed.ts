import type { Personality } from './personality.ts';

/**
 * The firmware walks its retry queue from the tail (as it walks the subscription list),
 * so the replay after a reconnect sends the newest queued publish first.
 */
export const queueReplayReversed: Personality = {
  name: 'queue-replay-reversed',
  description: 'Breaks the replay order: publishes queued while offline are replayed newest first.',
  nextReplay: ({ unsent }) => unsent.at(-1),
};
