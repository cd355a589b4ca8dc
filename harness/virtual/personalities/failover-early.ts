import type { Personality } from './personality.ts';

export const failoverEarly: Personality = {
  name: 'failover-early',
  description: 'Breaks the failover rule: switches to the other config after three failed attempts instead of once the delay reached the maximum.',
  shouldSwitchConfig: (ctx, faithful) => faithful || (ctx.otherEnabled && ctx.failedAttemptsOnActive >= 3),
};
