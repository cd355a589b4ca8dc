import type { Personality } from './personality.ts';

export const noReturnToPrimary: Personality = {
  name: 'no-return-to-primary',
  description: 'Breaks the switch back: once on the backup config mqtt1 it never returns to the primary mqtt.',
  shouldSwitchConfig: (ctx, faithful) => (ctx.active === 'mqtt1' ? false : faithful),
};
