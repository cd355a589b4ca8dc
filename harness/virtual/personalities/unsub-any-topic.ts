import type { Personality } from './personality.ts';

/** Firmware whose unsubscribe does not look the topic up: it unsubscribes whatever it is given. */
export const unsubAnyTopic: Personality = {
  name: 'unsub-any-topic',
  description: 'mgos_mqtt_unsub of a topic never subscribed still logs, sends UNSUBSCRIBE and returns true, where the library finds nothing and returns false.',
  unsubFindsTopic: () => true,
};
