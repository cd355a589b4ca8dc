import type { Personality } from './personality.ts';

export const packetIdZero: Personality = {
  name: 'packet-id-zero',
  description: 'The packet id counter does not skip 0: after 65535 the next publish goes out with packet id 0, which MQTT 3.1.1 (2.3.1) forbids for QoS ≥ 1.',
  packetIdSkipped: ({ candidate }, faithful) => faithful && candidate !== 0,
};
