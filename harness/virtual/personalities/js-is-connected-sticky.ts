import type { Personality } from './personality.ts';

export const jsIsConnectedSticky: Personality = {
  name: 'js-is-connected-sticky',
  description: 'JS MQTT.isConnected keeps answering true after the first session ended.',
  jsIsConnected: ({ everConnected }, faithful) => faithful || everConnected,
};
