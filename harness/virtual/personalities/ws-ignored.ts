import type { Personality } from './personality.ts';

export const wsIgnored: Personality = {
  name: 'ws-ignored',
  description: 'Ignores mqtt.ws_enable: speaks plain MQTT over TCP to the configured server, without a WebSocket upgrade.',
  wsTransport: (_ctx, faithful) => ({ ...faithful, enabled: false }),
};
