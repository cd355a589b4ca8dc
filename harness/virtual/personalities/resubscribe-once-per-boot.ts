import type { Personality } from './personality.ts';

interface Ram {
  resubscribed: boolean;
}

/**
 * Stateful: the firmware keeps a "re-subscribed" flag in RAM, set by the first
 * re-subscription and cleared only at boot — so only the first reconnect of each boot
 * re-sends the remembered topics. A reboot makes it behave again, which a module-level
 * flag would not.
 */
export const resubscribeOncePerBoot: Personality<Ram> = {
  name: 'resubscribe-once-per-boot',
  description: 'Breaks re-subscription after every CONNACK: only the first reconnect after a boot re-sends the remembered topics; later ones send none until the next reboot.',
  onBoot: () => ({ resubscribed: false }),
  resubscriptions: (_ctx, faithful, ram) => {
    if (ram.resubscribed) return [];
    if (faithful.length > 0) ram.resubscribed = true;
    return faithful;
  },
};
