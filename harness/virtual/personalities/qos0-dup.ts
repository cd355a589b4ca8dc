import type { Personality } from './personality.ts';

export const qos0Dup: Personality = {
  name: 'qos0-dup',
  description: 'Breaks MQTT 3.1.1 [MQTT-3.3.1-2]: every QoS 0 PUBLISH goes out with DUP = 1.',
  publishDup: ({ qos }, faithful) => (qos === 0 ? true : faithful),
};
