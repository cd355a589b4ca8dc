import type { Personality } from './personality.ts';

export const jsSubGetsFilter: Personality = {
  name: 'js-sub-gets-filter',
  description: "JS MQTT.sub's handler is called with the subscription's topic filter (e.g. hil/js/#) instead of the message's topic.",
  jsSubTopic: ({ filter }) => filter,
};
