/**
 * The `mqtt` and `mqtt1` config sections as the MQTT library reads them, with the
 * library's defaults (mqtt-client-behaviour.md, "Configuration"). Shared by the
 * reference model, the checks, the runner, the report and the virtual board, so it lives
 * here rather than in the simulator. In Mongoose OS an empty string reads as "unset".
 */
import * as z from 'zod';

export const mqttSection = z.object({
  enable: z.boolean().default(false),
  server: z.string().default('iot.eclipse.org:1883'),
  client_id: z.string().default(''),
  user: z.string().default(''),
  pass: z.string().default(''),
  reconnect_timeout_min: z.number().default(2.0),
  reconnect_timeout_max: z.number().default(60.0),
  ssl_cert: z.string().default(''),
  ssl_key: z.string().default(''),
  ssl_ca_cert: z.string().default(''),
  ssl_cipher_suites: z.string().default(''),
  ssl_psk_identity: z.string().default(''),
  ssl_psk_key: z.string().default(''),
  clean_session: z.boolean().default(true),
  keep_alive: z.int().default(60),
  will_topic: z.string().default(''),
  will_message: z.string().default(''),
  will_retain: z.boolean().default(false),
  max_qos: z.int().default(2),
  recv_mbuf_limit: z.int().default(3072),
  require_time: z.boolean().default(false),
  cloud_events: z.boolean().default(true),
  max_queue_length: z.int().default(5),
  ws_enable: z.boolean().default(false),
  ws_path: z.string().default('/mqtt'),
  debug_use_log_level: z.boolean().default(false),
});
export type MqttSection = z.infer<typeof mqttSection>;

/** The backup section: the same fields, but no server unless one is configured. */
export const mqtt1Section = mqttSection.extend({ server: z.string().default('') });

/** Which config section the connection is using: the primary or the backup. */
export type ConfigName = 'mqtt' | 'mqtt1';

export function otherConfig(name: ConfigName): ConfigName {
  return name === 'mqtt' ? 'mqtt1' : 'mqtt';
}
