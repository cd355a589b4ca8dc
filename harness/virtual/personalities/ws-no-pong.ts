import type { Personality } from './personality.ts';

/** Firmware whose WebSocket layer reads control frames but answers none. */
export const wsNoPong: Personality = {
  name: 'ws-no-pong',
  description: "A WebSocket ping from the server is read and ignored, never answered with a pong, so a server that pings to keep the connection alive takes the board for gone.",
  answersWsPing: () => false,
};
