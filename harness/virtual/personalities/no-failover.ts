import type { Personality } from './personality.ts';

export const noFailover: Personality = {
  name: 'no-failover',
  description: 'Breaks failover: never switches to the backup config mqtt1, even when it is enabled.',
  shouldSwitchConfig: () => false,
};
