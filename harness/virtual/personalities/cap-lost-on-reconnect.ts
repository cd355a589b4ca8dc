import type { Personality } from './personality.ts';

export const capLostOnReconnect: Personality = {
  name: 'cap-lost-on-reconnect',
  description: 'Breaks "the override survives reconnects": a runtime max-QoS override is forgotten at the next CONNACK, so the config\'s max_qos applies again.',
  maxQosOverrideAfterConnack: () => null,
};
