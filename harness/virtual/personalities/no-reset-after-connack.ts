import type { Personality } from './personality.ts';

export const noResetAfterConnack: Personality = {
  name: 'no-reset-after-connack',
  description: 'Breaks the reset of the backoff after a successful CONNACK: after a drop the schedule continues where it was instead of restarting at 2 s.',
  rtAfterConnack: ({ rt }) => rt,
};
