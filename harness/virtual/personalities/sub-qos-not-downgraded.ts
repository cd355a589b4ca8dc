import type { Personality } from './personality.ts';

export const subQosNotDowngraded: Personality = {
  name: 'sub-qos-not-downgraded',
  description: 'Breaks the QoS cap on SUBSCRIBE: subscriptions go out at the requested QoS even above the effective max QoS.',
  subscribeQos: ({ requested }) => requested,
};
