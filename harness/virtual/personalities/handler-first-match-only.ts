import type { Personality } from './personality.ts';

/**
 * Firmware built on the old `fw/src/mgos_mqtt.c`, whose call_topic_handler returned after
 * the first subscription that matched: a message two filters match reaches one handler.
 * Today's library (mgos_mqtt_conn.c) calls every matching subscription's handler.
 */
export const handlerFirstMatchOnly: Personality = {
  name: 'handler-first-match-only',
  description: 'An incoming PUBLISH that several subscriptions match is handed to the newest one only (the old mgos_mqtt.c stopped at the first match); today every matching handler is called.',
  handlersCalled: (ctx) => Math.min(1, ctx.matching),
};
