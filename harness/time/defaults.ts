/**
 * Every default that concerns time, chosen once. Each layer takes its value from here (or
 * is handed a DeviceTime built from it) rather than choosing its own.
 */

/**
 * A virtual board qualified without a time scale of its own: no lab config, `hil qualify
 * --virtual`, a lab board without `timeScale`, a plain `npx playwright test`.
 */
export const QUALIFY_TIME_SCALE = 10;

/** A virtual board started on its own (`hil virtual`, the launcher): real time, as a physical board runs. */
export const STANDALONE_TIME_SCALE = 1;

/** The kill matrix and the soak: the whole suite per personality, as fast as stays accurate. */
export const POWER_TIME_SCALE = 20;

/** Wall ms added to every device-time deadline of a wait on a board (serial latency, scheduling). */
export const WAIT_SLACK_WALL_MS = 5_000;

/**
 * Default ε of timing windows, device ms. A virtual board's timers and the harness's
 * stamps share a 2-core machine with the rest of the run: late timers of up to ~25 ms of
 * wall time were measured (device delay logged vs gap measured at the gate, time scale
 * 10), and the time scale multiplies every wall ms into device ms. 30 ms of wall time,
 * scaled, covers that at 10 and 20. At time scale 1 the floor decides: a full
 * qualification at real time on a loaded 2-core host (five other test processes beside
 * it) saw a gap 62 ms off the logged delay, so the floor is the physical board's 150 ms —
 * a physical board's own timers are exact to a few ms and its serial and Wi-Fi latency
 * dominates.
 */
export function defaultEpsilonMs(kind: 'virtual' | 'physical', timeScale: number): number {
  return kind === 'physical' ? PHYSICAL_EPSILON_MS : Math.max(PHYSICAL_EPSILON_MS, 30 * timeScale);
}

const PHYSICAL_EPSILON_MS = 150;
