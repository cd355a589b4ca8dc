/**
 * How long a scenario may take, in wall ms, derived rather than chosen: the base limit
 * covers what happens before a scenario's first wait (the board's fixtures and setup, at
 * the board's time scale), and every wait then adds its own deadline (Scenario#allow),
 * which comes from the model's upper window bounds in device time.
 */
import { DEFAULT_SESSION_TIMEOUTS } from './board-session.ts';

/** RPC deadline of the board session (handshake, Sys.GetInfo, Config.Set/Get), wall ms. */
const RPC_MS = Math.max(DEFAULT_SESSION_TIMEOUTS.rpcMs, DEFAULT_SESSION_TIMEOUTS.handshakeMs);

/**
 * Added on top of every extension of the limit: the test-scoped fixtures before the
 * scenario object exists (port open, handshake and Sys.GetInfo, each within RPC_MS, and
 * each retried once after a recovery reset), and judging and attaching the verdicts
 * after the last wait.
 */
export const LIMIT_SLACK_MS = 4 * RPC_MS + 10_000;

/**
 * Setup's worst case: Config.Set, the reboot and boot line (2 s of device time plus the
 * session's 20 s wall allowance and 5 s slack), the Wi-Fi IP (30 s device + 5 s), the
 * config read back (two Config.Get) and Sys.GetInfo — twice, for one recovery by reset.
 */
export function setupLimitMs(timeScale: number): number {
  const boot = 2_000 / timeScale + 20_000 + 5_000;
  const wifi = 30_000 / timeScale + 5_000;
  const once = RPC_MS + boot + wifi + 3 * RPC_MS;
  return Math.ceil(LIMIT_SLACK_MS + 2 * once);
}
