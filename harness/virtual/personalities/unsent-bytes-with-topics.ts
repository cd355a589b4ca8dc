import type { Personality } from './personality.ts';

export const unsentBytesWithTopics: Personality = {
  name: 'unsent-bytes-with-topics',
  description: "mgos_mqtt_num_unsent_bytes counts each queued message's topic as well as its payload.",
  unsentBytes: ({ queued }, faithful) => faithful + queued.reduce((sum, q) => sum + Buffer.byteLength(q.topic), 0),
};
