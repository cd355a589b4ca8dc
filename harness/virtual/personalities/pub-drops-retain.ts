import type { Personality } from './personality.ts';

/** Firmware that loses the retain argument on its way to the PUBLISH. */
export const pubDropsRetain: Personality = {
  name: 'pub-drops-retain',
  description: 'mgos_mqtt_pub with retain set sends the PUBLISH with RETAIN 0, so the broker never keeps the message for later subscribers.',
  publishRetain: () => false,
};
