import type { Personality } from './personality.ts';

/** Firmware (or a library port) that reads mqtt.enable live: the connection object exists at every boot. */
export const enableReadLive: Personality = {
  name: 'enable-read-live',
  description: 'mqtt.enable is read live instead of at boot: a board booted with it false still has its connection object, so publishes are queued with a packet id, and after a Config.Set of mqtt.enable true HIL.Connect connects without the reboot the library needs.',
  connectionObjectAtBoot: () => true,
};
