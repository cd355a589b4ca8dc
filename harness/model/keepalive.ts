/**
 * Keep-alive as the client drives it: PINGREQ once `keep_alive` seconds pass since it
 * last sent any packet (received packets do not count), and a close when the next
 * `keep_alive` passes without PINGRESP. Boards poll at least once a second, so each of
 * these can be up to ~1 s late. `keep_alive = 0` means 60.
 */

export const POLL_LATENESS_MS = 1000;

export function effectiveKeepAliveS(keepAlive: number): number {
  return keepAlive <= 0 ? 60 : keepAlive;
}

/** Window for a PINGREQ, in device ms after the last packet the client sent. */
export function pingWindow(keepAlive: number, epsilonMs: number): [number, number] {
  const ka = 1000 * effectiveKeepAliveS(keepAlive);
  return [ka - epsilonMs, ka + POLL_LATENESS_MS + epsilonMs];
}

/** Window for the close of a connection to a silent broker, in device ms after CONNECT. */
export function silentBrokerCloseWindow(keepAlive: number, epsilonMs: number): [number, number] {
  const ka = 1000 * effectiveKeepAliveS(keepAlive);
  return [2 * ka - epsilonMs, 2 * ka + 2 * POLL_LATENESS_MS + epsilonMs];
}
