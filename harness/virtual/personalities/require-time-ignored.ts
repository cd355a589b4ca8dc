import type { Personality } from './personality.ts';

export const requireTimeIgnored: Personality = {
  name: 'require-time-ignored',
  description: 'Ignores mqtt.require_time: connects while the wall clock is still unset (a TLS session would then check certificates against 1970).',
  heldForTime: () => false,
};
