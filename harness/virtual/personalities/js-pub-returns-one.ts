import type { Personality } from './personality.ts';

export const jsPubReturnsOne: Personality = {
  name: 'js-pub-returns-one',
  description: 'Follows the doc instead of the implementation: JS MQTT.pub returns 1 when connected and 0 when not, instead of the packet id.',
  jsPubResult: ({ connected }, faithful) => (faithful === 0 || !connected ? 0 : 1),
};
