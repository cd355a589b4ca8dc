/**
 * A port for reset tests that records every DTR/RTS change with the time it was made,
 * and the pin levels the usual ESP32 auto-reset circuit would give: two transistors,
 * DTR→GPIO0 and RTS→EN, each inverted, so a pin is pulled low only when its own line is
 * asserted and the other is not (esptool's reset.py comments: DTR false "IO0=HIGH",
 * RTS true "EN=LOW"; both asserted leaves both high, which is why opening a port,
 * which asserts both, does not reset the board).
 */
import type { ModemLines } from '../../../harness/boards/reset/index.ts';

export interface LineChange {
  dtr: boolean;
  rts: boolean;
  at: number;
  /** Pin levels behind the transistors, true = high. */
  en: boolean;
  gpio0: boolean;
}

export function pinsOf(lines: { dtr: boolean; rts: boolean }): { en: boolean; gpio0: boolean } {
  return { en: !(lines.rts && !lines.dtr), gpio0: !(lines.dtr && !lines.rts) };
}

export class FakeModemLines implements ModemLines {
  readonly changes: LineChange[] = [];
  /** Make the next set fail with this error (an adapter unplugged, a pty's ENOTTY). */
  failWith: Error | undefined;
  #last = { dtr: true, rts: true };
  readonly #listeners: ((change: LineChange, before: { en: boolean; gpio0: boolean }) => void)[] = [];

  constructor(
    readonly path: string,
    readonly now: () => number = () => performance.now(),
  ) {}

  setModemLines(lines: { dtr: boolean; rts: boolean }): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    const before = pinsOf(this.#last);
    const change = { dtr: lines.dtr, rts: lines.rts, at: this.now(), ...pinsOf(lines) };
    this.#last = lines;
    this.changes.push(change);
    for (const listener of this.#listeners) listener(change, before);
    return Promise.resolve();
  }

  /** Calls `fn` when EN goes from low to high: the chip leaves reset and boots (from flash if GPIO0 is high). */
  onRelease(fn: (gpio0High: boolean) => void): void {
    this.#listeners.push((change, before) => {
      if (!before.en && change.en) fn(change.gpio0);
    });
  }

  /** How many times EN was pulled low. */
  get pulses(): number {
    let n = 0;
    let en = true;
    for (const c of this.changes) {
      if (en && !c.en) n++;
      en = c.en;
    }
    return n;
  }
}
