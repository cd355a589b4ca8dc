import type { Personality } from './personality.ts';

export const qosNotDowngraded: Personality = {
  name: 'qos-not-downgraded',
  description: 'Breaks the QoS cap on PUBLISH: publishes go out at the requested QoS even above the effective max QoS.',
  publishQos: ({ requested }) => requested,
};
