/**
 * The QoS that goes on the wire under a cap (the contract's effectiveMaxQos); a negative
 * cap (config max_qos < 0 and no override) caps nothing.
 */
import { type Qos, toQos } from './types.ts';

export function capQos(requested: Qos, cap: number): Qos {
  return cap < 0 ? requested : toQos(Math.min(requested, cap));
}
