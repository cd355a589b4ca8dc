/**
 * What a reset driver is: one way of making a board restart into its app, bound to the
 * one thing it acts through (the adapter's modem lines, the RPC channel, or nothing). A
 * driver only triggers the reset; seeing the board come back is the session's job.
 */
import type { MonoMs } from '../../clock.ts';

export const resetMethods = ['dtr-rts', 'rpc', 'none'] as const;
export type ResetMethod = (typeof resetMethods)[number];

export interface ResetResult {
  method: ResetMethod;
  /** When the reset was triggered (EN released, Sys.Reboot answered), on the link's clock. */
  t: MonoMs;
}

export interface ResetDriver {
  readonly method: ResetMethod;
  /** How this driver resets, for messages: "dtr-rts (EN pulsed low for 100 ms on /dev/ttyUSB0)". */
  readonly description: string;
  /** Triggers the reset; rejects with a ResetError saying why the board could not be reset. */
  reset(): Promise<ResetResult>;
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
