import { MG_EV } from '../mqtt/mg-events.ts';
import type { Personality } from './personality.ts';

export const jsHandlerNoClose: Personality = {
  name: 'js-handler-no-close',
  description: "MQTT.setEventHandler's handler is never told of EV_CLOSE (5) when a session ends.",
  jsEventDelivered: ({ mgEv }, faithful) => faithful && mgEv !== MG_EV.CLOSE,
};
