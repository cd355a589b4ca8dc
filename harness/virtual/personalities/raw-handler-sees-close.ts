import { MG_EV } from '../mqtt/mg-events.ts';
import type { Personality } from './personality.ts';

export const rawHandlerSeesClose: Personality = {
  name: 'raw-handler-sees-close',
  description: "mgos_mqtt_global_subscribe's raw handler is also called with EV_CLOSE (5) when a session ends, as issue 16's wording has it; the library hands CLOSE to the connection handlers only.",
  rawHandlerEvent: ({ mgEv }, faithful) => faithful || mgEv === MG_EV.CLOSE,
};
