import type { Personality } from './personality.ts';

/**
 * Firmware that subscribes as soon as its socket is open: a subscription made while the
 * CONNECT waits for its CONNACK goes out at once, and then again with the
 * re-subscription at the CONNACK. The library only remembers it until it is connected
 * (mgos_mqtt_conn_sub_s: `if (c->connected) do_sub(c, s)`).
 */
export const subBeforeConnack: Personality = {
  name: 'sub-before-connack',
  description: 'mgos_mqtt_sub sends its SUBSCRIBE whenever a socket is open, also while the CONNECT waits for its CONNACK (the library waits for the CONNACK and re-subscribes then).',
  subscribesNow: () => true,
};
