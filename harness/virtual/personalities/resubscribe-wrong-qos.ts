import type { Personality } from './personality.ts';

export const resubscribeWrongQos: Personality = {
  name: 'resubscribe-wrong-qos',
  description: 'Breaks the QoS of re-subscriptions: after a reconnect every topic is re-subscribed at QoS 0 instead of its remembered QoS.',
  resubscriptions: (_ctx, faithful) => faithful.map((s) => ({ topic: s.topic, qos: 0 })),
};
