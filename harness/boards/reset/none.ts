/**
 * The lab says this board must not, or cannot, be reset by the harness (no auto-reset
 * circuit, a board shared with something else). Every reset is refused, loudly: a session
 * that needs one to recover a hung board reports the board as hung instead of pretending.
 */
import { ResetError, type ResetDriver, type ResetResult } from './driver.ts';

export class ResetRefusedError extends ResetError {
  override name = 'ResetRefusedError';
}

export class NoReset implements ResetDriver {
  readonly method = 'none';

  constructor(readonly path: string) {}

  get description(): string {
    return `none (the lab config says reset: 'none' for ${this.path})`;
  }

  reset(): Promise<ResetResult> {
    return Promise.reject(
      new ResetRefusedError(
        `Cannot reset the board on ${this.path}: its lab config says reset: 'none'. Reset it by hand (EN button or power), ` +
          "or set reset: 'dtr-rts' (a USB adapter with the auto-reset circuit) or 'rpc' (Sys.Reboot, while the firmware answers).",
        this.path,
        this.method,
      ),
    );
  }
}
