/**
 * The test firmware's defaults over the library's (firmware/mos.yml sets the same on a
 * real board): Wi-Fi station on, MQTT enabled at boot so the connection object exists.
 */
import { type DeviceConfig, deviceConfig } from './schema.ts';

export function firmwareDefaults(): DeviceConfig {
  return deviceConfig.parse({
    wifi: { sta: { enable: true, ssid: 'hil-lab' }, ap: { enable: false } },
    mqtt: { enable: true, server: '127.0.0.1:1883' },
  });
}
