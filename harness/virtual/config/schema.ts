/**
 * The virtual board's configuration tree: the parts of a Mongoose OS config the test
 * firmware and the MQTT library read, with the library's defaults (see
 * mqtt-client-behaviour.md, "Configuration"). The `mqtt`/`mqtt1` sections are the
 * harness's shared schema (harness/contract/mqtt-config.ts). In Mongoose OS an empty
 * string reads as "unset".
 */
import * as z from 'zod';
import { mqtt1Section, mqttSection } from '../../contract/mqtt-config.ts';

// For the virtual board's own code and tests; the harness imports the contract directly.
export { mqttSection, type MqttSection } from '../../contract/mqtt-config.ts';

export const deviceConfig = z.object({
  device: z.object({ id: z.string().default(''), password: z.string().default('') }).prefault({}),
  debug: z
    .object({
      level: z.int().default(2),
      // The MQTT library's keys (its mos.yml adds them to the core's debug section):
      // console output published to these topics; empty = unset.
      stdout_topic: z.string().default(''),
      stderr_topic: z.string().default(''),
    })
    .prefault({}),
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
  mqtt1: mqtt1Section.prefault({}),
});
export type DeviceConfig = z.infer<typeof deviceConfig>;

export function defaultDeviceConfig(): DeviceConfig {
  return deviceConfig.parse({});
}
