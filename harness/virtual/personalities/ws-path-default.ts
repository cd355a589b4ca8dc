import type { Personality } from './personality.ts';

export const wsPathDefault: Personality = {
  name: 'ws-path-default',
  description: 'Ignores mqtt.ws_path: the WebSocket upgrade always asks for /mqtt, the default (a broker serving another path answers 404).',
  wsTransport: (_ctx, faithful) => ({ ...faithful, path: '/mqtt' }),
};
