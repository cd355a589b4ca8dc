import type { Personality } from './personality.ts';

/**
 * Firmware whose TLS layer never closes the socket when the board ends a session itself
 * (a keep-alive timeout, a refused CONNACK, an oversized packet): the board schedules its
 * next attempt as if the socket were gone, while the broker still holds the old one open.
 * Mongoose closes the connection at MG_EV_CLOSE whatever the transport.
 */
export const tlsSocketLeftOpen: Personality = {
  name: 'tls-socket-left-open',
  description: 'A TLS session the board ends itself is never closed: the board goes on to its next attempt while the broker still holds the old socket open.',
  closesSocket: (ctx, faithful) => (ctx.transport === 'tls' ? false : faithful),
};
