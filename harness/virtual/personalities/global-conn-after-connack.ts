import type { Personality } from './personality.ts';

/**
 * Firmware whose mgos_mqtt_get_global_conn follows the header's "if it is established":
 * NULL until the CONNACK. The library hands out the connection from the attempt's start
 * (mgos_mqtt_conn_connect sets `c->nc` at mg_connect_opt), so code that waits for a
 * non-NULL conn to mean "connected" is wrong there, and so is this board.
 */
export const globalConnAfterConnack: Personality = {
  name: 'global-conn-after-connack',
  description: 'mgos_mqtt_get_global_conn returns NULL until the CONNACK (the doc\'s "if it is established"); the library returns the connection from the attempt\'s start.',
  globalConnPresent: (ctx) => ctx.connected,
};
