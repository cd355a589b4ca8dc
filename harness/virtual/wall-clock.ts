/**
 * The virtual board's wall clock (what mg_time() reads), apart from its uptime. A real
 * ESP32 without SNTP starts near epoch 0 at power-on and keeps its clock in the RTC across
 * a software reset; the virtual board starts with the host's time instead, so that every
 * scenario that does not ask otherwise sees a board that knows the time (mqtt.require_time
 * does not hold it back). HIL.SetTime moves it; a reboot keeps it. It runs at the board's
 * time scale, like the uptime.
 */
import { TIME_SET_EPOCH_S } from '../contract/hil.ts';

export class WallClock {
  #epochAtSetS: number;
  #setAtPerfMs: number;

  constructor(
    readonly scale: number,
    epochS: number = Date.now() / 1000,
  ) {
    this.#epochAtSetS = epochS;
    this.#setAtPerfMs = performance.now();
  }

  /** mg_time(): seconds since the epoch, with a fraction. */
  epochS(): number {
    return this.#epochAtSetS + ((performance.now() - this.#setAtPerfMs) * this.scale) / 1000;
  }

  /** settimeofday. */
  set(epochS: number): void {
    this.#epochAtSetS = epochS;
    this.#setAtPerfMs = performance.now();
  }

  /** The MQTT library's test for mqtt.require_time: mg_time() at or past 1500000000. */
  isSet(): boolean {
    return this.epochS() >= TIME_SET_EPOCH_S;
  }
}
