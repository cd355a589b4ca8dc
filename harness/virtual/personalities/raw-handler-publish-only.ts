import { MG_EV } from '../mqtt/mg-events.ts';
import type { Personality } from './personality.ts';

export const rawHandlerPublishOnly: Personality = {
  name: 'raw-handler-publish-only',
  description: "mgos_mqtt_global_subscribe's raw handler gets a matching PUBLISH but never the SUBACK of its own subscription.",
  rawHandlerEvent: ({ mgEv }, faithful) => faithful && mgEv !== MG_EV.SUBACK,
};
