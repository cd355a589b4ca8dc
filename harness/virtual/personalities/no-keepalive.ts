import type { Personality } from './personality.ts';

export const noKeepalive: Personality = {
  name: 'no-keepalive',
  description: 'Breaks keep-alive: CONNECT announces keep_alive but the device never sends PINGREQ, so an idle broker drops it.',
  keepAlive: (_ctx, faithful) => ({ connectSeconds: faithful.connectSeconds, pingAfterMs: null }),
};
