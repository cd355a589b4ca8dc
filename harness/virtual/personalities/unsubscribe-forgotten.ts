import type { Personality } from './personality.ts';

/**
 * The firmware sends UNSUBSCRIBE but never removes the topic from its remembered list,
 * so the next reconnect subscribes to it again.
 */
export const unsubscribeForgotten: Personality = {
  name: 'unsubscribe-forgotten',
  description: 'Breaks unsubscribing: mgos_mqtt_unsub sends UNSUBSCRIBE but keeps the topic remembered, so it is re-subscribed after the next reconnect.',
  forgetOnUnsubscribe: () => false,
};
