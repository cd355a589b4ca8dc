/**
 * Picks a board's reset driver. The lab config names a method per physical board
 * (`reset: 'dtr-rts' | 'rpc' | 'none'`); a virtual board has no modem lines and is reset
 * by RPC. The driver is built once the session has the link and the RPC client it binds to.
 */
import type { BoardSpec } from '../../lab/schema.ts';
import { type ResetDriver, ResetError, type ResetMethod, resetMethods } from './driver.ts';
import { type DtrRtsOptions, DtrRtsReset, type ModemLines } from './dtr-rts.ts';
import { NoReset } from './none.ts';
import { type RebootCaller, RpcReset, type RpcResetOptions } from './rpc.ts';

export { BoardHungError, type BoardHungDetails } from './board-hung-error.ts';
export { waitForBootBanner } from './boot-banner.ts';
export { type ResetDriver, ResetError, type ResetMethod, type ResetResult, resetMethods } from './driver.ts';
export { CHIP_IN_RESET, CHIP_RUNNING, DEFAULT_HOLD_MS, type DtrRtsOptions, DtrRtsReset, type ModemLines, ResetUnsupportedError } from './dtr-rts.ts';
export { NoReset, ResetRefusedError } from './none.ts';
export { type PortClock, type RebootCaller, RpcReset, type RpcResetOptions } from './rpc.ts';

/** What a driver may bind to: the board's serial link (modem lines, clock) and its RPC client. */
export interface ResetBindings {
  link: ModemLines;
  rpc: RebootCaller;
}

export type ResetDriverFactory = (bindings: ResetBindings) => ResetDriver;

export interface ResetDriverOptions extends DtrRtsOptions, RpcResetOptions {}

const drivers: Record<ResetMethod, (bindings: ResetBindings, options: ResetDriverOptions) => ResetDriver> = {
  'dtr-rts': ({ link }, options) => new DtrRtsReset(link, options),
  rpc: ({ link, rpc }, options) => new RpcReset(rpc, link, options),
  none: ({ link }) => new NoReset(link.path),
};

/** The reset method the lab config gives a board: its `reset` if physical, `rpc` if virtual. */
export function resetMethodFor(spec: BoardSpec): ResetMethod {
  return spec.kind === 'physical' ? spec.reset : 'rpc';
}

export function createResetDriver(method: ResetMethod, bindings: ResetBindings, options: ResetDriverOptions = {}): ResetDriver {
  const make = Object.hasOwn(drivers, method) ? drivers[method] : undefined;
  if (!make) {
    throw new ResetError(`Unknown reset method '${String(method)}' for ${bindings.link.path}; use one of ${resetMethods.join(', ')}.`, bindings.link.path, method);
  }
  return make(bindings, options);
}
