import type { Personality } from './personality.ts';

export const wrongClientId: Personality = {
  name: 'wrong-client-id',
  description: 'Breaks the CONNECT client id: it sends "mos-" + the expected id instead of mqtt.client_id or device.id.',
  clientId: (_ctx, faithful) => `mos-${faithful}`,
};
