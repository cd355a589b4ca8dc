/**
 * QoS words shared by the reference model and the virtual board: the three levels and
 * the effective max QoS (mqtt-client-behaviour.md, "QoS downgrade"). "No runtime
 * override" is `null` here; the test firmware's `HIL.Status` spells it −1 on the wire.
 */
export type Qos = 0 | 1 | 2;

/**
 * The runtime override if one was set, else the config's `max_qos`. Not clamped: each
 * caller reads a negative config `max_qos` its own way (the virtual board as "no cap",
 * the model's `qosCap` clamps it to 0), as they did before this was shared.
 */
export function effectiveMaxQos(configMaxQos: number, override: number | null): number {
  return override ?? configMaxQos;
}
