import type { Personality } from './personality.ts';

export const cloudEventsIgnoreConfig: Personality = {
  name: 'cloud-events-ignore-config',
  description: 'Triggers the CONNECTED and DISCONNECTED cloud events even when mqtt.cloud_events is false, so an application that turned them off (another cloud library reports the connection) still hears of every MQTT session.',
  cloudEventFired: ({ name }, faithful) => faithful || name === 'connected' || name === 'disconnected',
};
