import type { Personality } from './personality.ts';

/** Firmware on a stack that shrugs off a broker packet it cannot parse and reads on. */
export const skipsMalformed: Personality = {
  name: 'skips-malformed',
  description: 'A packet from the broker that does not parse is skipped and the session kept, where Mongoose closes the connection at once (MG_MQTT_ERROR_MALFORMED_MSG).',
  closesOnMalformed: () => false,
};
