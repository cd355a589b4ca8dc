/** The effective max QoS: the runtime override if set (≥ 0), else config max_qos (< 0: no cap). */
import { type Qos, toQos } from './types.ts';

export function effectiveMaxQos(override: number, configMaxQos: number): number {
  return override >= 0 ? override : configMaxQos;
}

export function capQos(requested: Qos, cap: number): Qos {
  return cap < 0 ? requested : toQos(Math.min(requested, cap));
}
