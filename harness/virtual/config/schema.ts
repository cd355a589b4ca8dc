/**
 * The virtual board's configuration tree: the parts of a Mongoose OS config the test
 * firmware and the MQTT library read, with the library's defaults (see
 * mqtt-client-behaviour.md, "Configuration"). `mqtt1` has the same fields as `mqtt`.
 * In Mongoose OS an empty string reads as "unset".
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

export const deviceConfig = z.object({
  device: z.object({ id: z.string().default(''), password: z.string().default('') }).prefault({}),
  debug: z.object({ level: z.int().default(2) }).prefault({}),
  wifi: z
    .object({
      sta: z.object({ enable: z.boolean().default(false), ssid: z.string().default(''), pass: z.string().default('') }).prefault({}),
      ap: z.object({ enable: z.boolean().default(true), ssid: z.string().default('Mongoose_??????'), pass: z.string().default('Mongoose') }).prefault({}),
    })
    .prefault({}),
  rpc: z
    .object({
      enable: z.boolean().default(true),
      max_frame_size: z.int().default(4096),
      uart: z.object({ uart_no: z.int().default(0), baud_rate: z.int().default(115200), fc_type: z.int().default(2) }).prefault({}),
    })
    .prefault({}),
  mqtt: mqttSection.prefault({}),
  mqtt1: mqttSection.extend({ server: z.string().default('') }).prefault({}),
});
export type DeviceConfig = z.infer<typeof deviceConfig>;

export function defaultDeviceConfig(): DeviceConfig {
  return deviceConfig.parse({});
}
