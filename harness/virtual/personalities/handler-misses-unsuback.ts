import type { Personality } from './personality.ts';

/** A library whose event switch lost its UNSUBACK case: the handlers never hear of one. */
export const handlerMissesUnsuback: Personality = {
  name: 'handler-misses-unsuback',
  description: 'Never calls the connection handlers (mgos_mqtt_add_global_handler) for the broker\'s UNSUBACK: the unsubscribe goes out and is acknowledged, but no handler hears of it.',
  connHandlerCalled: (ctx, faithful) => (ctx.packet === 'unsuback' ? false : faithful),
};
