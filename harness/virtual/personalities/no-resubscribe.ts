import type { Personality } from './personality.ts';

export const noResubscribe: Personality = {
  name: 'no-resubscribe',
  description: 'Breaks re-subscription: after a reconnect no SUBSCRIBE is sent, so remembered topics are no longer delivered.',
  resubscriptions: () => [],
};
