/**
 * Reset through the USB adapter's modem lines, for boards with the usual ESP32
 * auto-reset circuit: two transistors wire DTR to GPIO0 and RTS to EN, each inverted
 * (an asserted line pulls its pin low; both asserted or both released leave both high).
 *
 * The sequence is the one that reboots into the app, GPIO0 high before, during and after
 * the pulse so the ROM boots from flash rather than into the download mode:
 *   1. DTR released, RTS asserted: GPIO0 high, EN low, the chip is held in reset;
 *   2. hold for 100 ms;
 *   3. both released: EN rises with GPIO0 high, the chip boots the app.
 * Sources: esptool's `HardReset` (esptool/reset.py: RTS asserted "EN->LOW", 100 ms,
 * RTS released; DTR left released), and mos's `BootFirmware`
 * (cli/flash/esp/rom_client/rom_client.go: DTR false "Pull up GPIO0", RTS true "Reset",
 * 50 ms, RTS false "Boot"). We set both lines in one call (step 1 is mos's first two
 * steps at once, so GPIO0 cannot be low while EN rises) and hold for esptool's 100 ms,
 * the longer of the two, which also covers boards with a large capacitor on EN.
 *
 * A pseudo-terminal has no modem lines: the ioctl fails with ENOTTY, and this driver
 * says so with the port and what to configure instead.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { MonoMs } from '../../clock.ts';
import { ResetError, type ResetDriver, type ResetResult } from './driver.ts';

/** What the driver binds to: a port whose DTR and RTS it can set (a SerialLink is one). */
export interface ModemLines {
  readonly path: string;
  now(): MonoMs;
  setModemLines(lines: { dtr: boolean; rts: boolean }): Promise<void>;
}

export interface DtrRtsOptions {
  /** How long EN is held low. Default 100 ms (esptool's hard reset). */
  holdMs?: number;
  /** How the hold is timed; tests give a fake clock's. */
  wait?: (ms: number) => Promise<void>;
}

export const DEFAULT_HOLD_MS = 100;

/** Line states of the sequence above (true = asserted). */
export const CHIP_IN_RESET = { dtr: false, rts: true } as const;
export const CHIP_RUNNING = { dtr: false, rts: false } as const;

export class ResetUnsupportedError extends ResetError {
  override name = 'ResetUnsupportedError';
  constructor(path: string, cause: Error) {
    super(
      `Cannot reset the board on ${path} by DTR/RTS: the port has no modem lines (${cause.message}); ` +
        "it is a pseudo-terminal (a virtual board) or an adapter without DTR/RTS. Set reset: 'rpc' for this board in the lab config " +
        "(Sys.Reboot over the serial RPC channel), or 'none' if it must not be reset.",
      path,
      'dtr-rts',
      { cause },
    );
  }
}

function isNoModemLines(err: Error): boolean {
  return /Inappropriate ioctl|ENOTTY|not supported/i.test(err.message);
}

export class DtrRtsReset implements ResetDriver {
  readonly method = 'dtr-rts';
  readonly holdMs: number;
  readonly #wait: (ms: number) => Promise<void>;

  constructor(
    readonly lines: ModemLines,
    options: DtrRtsOptions = {},
  ) {
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.#wait = options.wait ?? ((ms) => sleep(ms));
  }

  get description(): string {
    return `dtr-rts (EN pulsed low for ${this.holdMs} ms through RTS on ${this.lines.path}, GPIO0 kept high)`;
  }

  async reset(): Promise<ResetResult> {
    await this.#set(CHIP_IN_RESET);
    await this.#wait(this.holdMs); // the width of the pulse itself, not a synchronisation
    await this.#set(CHIP_RUNNING);
    return { method: this.method, t: this.lines.now() };
  }

  async #set(state: { dtr: boolean; rts: boolean }): Promise<void> {
    try {
      await this.lines.setModemLines(state);
    } catch (err) {
      const e = err as Error;
      if (isNoModemLines(e)) throw new ResetUnsupportedError(this.lines.path, e);
      throw new ResetError(
        `Setting DTR=${state.dtr} RTS=${state.rts} on ${this.lines.path} failed: ${e.message}. Check that the adapter is still plugged in.`,
        this.lines.path,
        this.method,
        { cause: e },
      );
    }
  }
}
