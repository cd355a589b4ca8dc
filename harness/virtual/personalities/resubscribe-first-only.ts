import type { Personality } from './personality.ts';

export const resubscribeFirstOnly: Personality = {
  name: 'resubscribe-first-only',
  description: 'Breaks re-subscription of all topics: after a reconnect only the subscription made first is re-sent.',
  // The remembered list is newest first (the library keeps a LIFO list), so the first subscription is the last entry.
  resubscriptions: (_ctx, faithful) => faithful.slice(-1),
};
