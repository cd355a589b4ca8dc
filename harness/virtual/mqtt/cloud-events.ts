/**
 * Which Mongoose OS cloud events the library triggers (mgos_mqtt_conn.c), and the line the
 * test firmware prints for one (hil_cloud.c):
 * - CONNECTING in mgos_mqtt_conn_connect, after `connecting to`, on every attempt: not
 *   behind `cloud_events`;
 * - CONNECTED on CONNACK 0, before the re-subscriptions, and DISCONNECTED in MG_EV_CLOSE
 *   of a session that had been up, before the connection handlers: both only when the
 *   active config's `cloud_events` is true;
 * - CONNECTERROR in MG_EV_CONNECT with a non-zero status (a failed TCP or TLS connect),
 *   only after release 2.20.0, and only when `cloud_events` is true. A refused CONNACK is
 *   none of these (the session never counted as up).
 */
import { type CloudEventName, cloudEventNumbers, type HilEvent, MGOS_CLOUD_MQTT } from '../../contract/hil.ts';
import type { LogVariant } from './log-lines.ts';

/** Whether the faithful library triggers `name` under this config and release. */
export function cloudEventFires(name: CloudEventName, cloudEvents: boolean, variant: LogVariant): boolean {
  if (name === 'connecting') return true;
  if (name === 'connecterror') return cloudEvents && variant !== '2.20.0';
  return cloudEvents;
}

/** The firmware's `cloud` line for `name`, with the MQTT library's argument type. */
export function cloudEventLine(name: CloudEventName, t: number): HilEvent {
  return { ev: 'cloud', name, mgos_ev: cloudEventNumbers[name], type: MGOS_CLOUD_MQTT, t };
}
