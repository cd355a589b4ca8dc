/**
 * Reset by asking the firmware: Sys.Reboot over the serial RPC channel. Works on any port,
 * a virtual board's pseudo-terminal included, but only while the firmware still answers,
 * so it cannot bring back a board that has stopped answering.
 */
import type { MonoMs } from '../../clock.ts';
import { ResetError, type ResetDriver, type ResetResult } from './driver.ts';

/** The one thing this driver needs from an RPC client. */
export interface RebootCaller {
  call<T = unknown>(method: string, params?: unknown, options?: { timeoutMs?: number }): Promise<T>;
}

/** Where the driver acts, for messages and stamps (a SerialLink is one). */
export interface PortClock {
  readonly path: string;
  now(): MonoMs;
}

export interface RpcResetOptions {
  /** `delay_ms` of Sys.Reboot. Default 100 (the firmware's own default). */
  rebootDelayMs?: number;
  /** Deadline of the Sys.Reboot call; default the client's own. */
  timeoutMs?: number;
}

export class RpcReset implements ResetDriver {
  readonly method = 'rpc';
  readonly rebootDelayMs: number;

  constructor(
    readonly rpc: RebootCaller,
    readonly port: PortClock,
    readonly options: RpcResetOptions = {},
  ) {
    this.rebootDelayMs = options.rebootDelayMs ?? 100;
  }

  get description(): string {
    return `rpc (Sys.Reboot with delay_ms ${this.rebootDelayMs} on ${this.port.path})`;
  }

  async reset(): Promise<ResetResult> {
    try {
      await this.rpc.call('Sys.Reboot', { delay_ms: this.rebootDelayMs }, { timeoutMs: this.options.timeoutMs });
    } catch (err) {
      const e = err as Error;
      throw new ResetError(
        `Sys.Reboot on ${this.port.path} failed (${e.message.split('\n')[0]}): the firmware does not answer, so it cannot reboot itself. ` +
          "A board on a USB adapter with the auto-reset circuit can be reset with reset: 'dtr-rts'; otherwise power-cycle it.",
        this.port.path,
        this.method,
        { cause: e },
      );
    }
    return { method: this.method, t: this.port.now() };
  }
}
