/**
 * Time as one board sees it: its scale (device seconds per wall second), the ε of its
 * timing windows, and the slack of a wait. Built once per board where its target is
 * opened, and handed to the session, the scenario's waits and faults, and the checks'
 * input — so a span of device ms is turned into wall ms in one place, with the slack
 * explicit rather than hidden in one caller and missing in another.
 */
import { defaultEpsilonMs, WAIT_SLACK_WALL_MS } from './defaults.ts';

export class DeviceTime {
  constructor(
    /** Device seconds per wall second (1 for a physical board). */
    readonly scale: number,
    /** ε of the timing windows `[0.9·d − ε, 1.1·d + ε]`, device ms. */
    readonly epsilonMs: number,
    /** Wall ms added to a wait's deadline. */
    readonly slackWallMs: number = WAIT_SLACK_WALL_MS,
  ) {
    if (!(scale > 0)) throw new RangeError(`a time scale must be a positive number, got ${scale}`);
  }

  static forBoard(kind: 'virtual' | 'physical', scale: number, epsilonMs?: number): DeviceTime {
    return new DeviceTime(scale, epsilonMs ?? defaultEpsilonMs(kind, scale));
  }

  /** Wall ms for a span of device ms, exactly (a window watched, a fault's duration). */
  toWallMs(deviceMs: number): number {
    return deviceMs / this.scale;
  }

  /** Device ms for a span of wall ms. */
  toDeviceMs(wallMs: number): number {
    return wallMs * this.scale;
  }

  /** The wall deadline of a wait for something that takes up to `deviceMs` on the board: the span plus the slack. */
  deadlineWallMs(deviceMs: number): number {
    return this.toWallMs(deviceMs) + this.slackWallMs;
  }
}
