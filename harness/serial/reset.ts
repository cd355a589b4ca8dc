/**
 * Resetting a board. `dtr-rts` drives EN and GPIO0 through the two transistors of the
 * usual ESP32 auto-reset circuit, the way esptool's hard reset does: EN held low for a
 * moment with GPIO0 left high, then released, so the chip reboots into the app. `rpc`
 * asks the firmware (Sys.Reboot); `none` does nothing. A pseudo-terminal (the virtual
 * board) has no modem lines, so `dtr-rts` fails there with a clear error.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { MonoMs } from '../clock.ts';
import type { SerialLink } from './serial-link.ts';
import type { BannerLine, SerialLine } from './serial-line.ts';

export const resetMethods = ['dtr-rts', 'rpc', 'none'] as const;
export type ResetMethod = (typeof resetMethods)[number];

/** The one thing `rpc` reset needs from an RPC client. */
export interface RebootCaller {
  call<T = unknown>(method: string, params?: unknown, options?: { timeoutMs?: number }): Promise<T>;
}

export interface ResetOptions {
  /** Required for `rpc`. */
  rpc?: RebootCaller;
  /** How long EN is held low for `dtr-rts`. Default 100 ms (esptool's value). */
  holdMs?: number;
  /** `delay_ms` for Sys.Reboot. Default 100 (the firmware's own default). */
  rebootDelayMs?: number;
  rpcTimeoutMs?: number;
}

export interface ResetResult {
  method: ResetMethod;
  /** When the reset was triggered (EN released, or Sys.Reboot answered). */
  t: MonoMs;
}

export class ResetError extends Error {
  override name = 'ResetError';
  constructor(
    message: string,
    readonly path: string,
    readonly method: ResetMethod,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class ResetUnsupportedError extends ResetError {
  override name = 'ResetUnsupportedError';
  constructor(path: string, cause: Error) {
    super(
      `Cannot reset the board on ${path} by DTR/RTS: the port has no modem lines (${cause.message}); ` +
        "it is a pseudo-terminal or a virtual board. Use reset method 'rpc' (Sys.Reboot) or 'none' for this board.",
      path,
      'dtr-rts',
      { cause },
    );
  }
}

function isNoModemLines(err: Error): boolean {
  return /Inappropriate ioctl|ENOTTY|not supported/i.test(err.message);
}

async function setLines(link: SerialLink, dtr: boolean, rts: boolean): Promise<void> {
  try {
    await link.setModemLines({ dtr, rts });
  } catch (err) {
    const e = err as Error;
    if (isNoModemLines(e)) throw new ResetUnsupportedError(link.path, e);
    throw new ResetError(`Setting DTR=${dtr} RTS=${rts} on ${link.path} failed: ${e.message}`, link.path, 'dtr-rts', { cause: e });
  }
}

// DTR drives GPIO0 and RTS drives EN, both inverted by the adapter's transistors.
async function resetByModemLines(link: SerialLink, holdMs: number): Promise<MonoMs> {
  await setLines(link, false, true); // EN low, GPIO0 high
  await sleep(holdMs); // the hold time of the pulse itself, not a synchronisation
  await setLines(link, false, false); // EN high: the chip boots from flash
  return link.now();
}

async function resetByRpc(link: SerialLink, options: ResetOptions): Promise<MonoMs> {
  if (!options.rpc) {
    throw new ResetError(`Reset method 'rpc' on ${link.path} needs an RPC client (options.rpc).`, link.path, 'rpc');
  }
  await options.rpc.call('Sys.Reboot', { delay_ms: options.rebootDelayMs ?? 100 }, { timeoutMs: options.rpcTimeoutMs });
  return link.now();
}

const resetters: Record<ResetMethod, (link: SerialLink, options: ResetOptions) => Promise<MonoMs>> = {
  'dtr-rts': (link, options) => resetByModemLines(link, options.holdMs ?? 100),
  rpc: resetByRpc,
  none: async (link) => link.now(),
};

export async function resetBoard(link: SerialLink, method: ResetMethod, options: ResetOptions = {}): Promise<ResetResult> {
  const reset = resetters[method];
  if (!reset) throw new ResetError(`Unknown reset method '${String(method)}' for ${link.path}; use one of ${resetMethods.join(', ')}.`, link.path, method);
  return { method, t: await reset(link, options) };
}

function isRebootMarker(line: SerialLine): line is BannerLine {
  return line.type === 'banner' && line.reboot;
}

/** Waits for the `Mongoose OS <version> (<id>)` banner line at or after `since`. */
export async function waitForBoot(link: SerialLink, options: { since: MonoMs; timeoutMs: number }): Promise<BannerLine> {
  const line = await link.expect(isRebootMarker, { ...options, description: 'the Mongoose OS boot banner' });
  return line as BannerLine;
}
