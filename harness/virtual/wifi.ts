/**
 * The board's Wi-Fi station, reduced to what the MQTT library sees: a few seconds after
 * boot the station connects and acquires an IP, which fires the "IP acquired" event that
 * starts an MQTT attempt. The virtual board's network is the host's loopback, so its IP
 * is 127.0.0.1. Without `wifi.sta.enable` and an SSID there is no IP and no MQTT.
 */
import type { DeviceConfig } from './config/schema.ts';
import type { DeviceClock, DeviceTimer } from './device-clock.ts';

export type WifiStatus = 'disconnected' | 'connecting' | 'connected' | 'got ip';

/** Device ms from boot to each step, like a board on a good access point. */
const STEPS = { connecting: 50, connected: 900, gotIp: 1300 } as const;
export const VIRTUAL_IP = '127.0.0.1';

export class WifiStation {
  #status: WifiStatus = 'disconnected';
  #timers: DeviceTimer[] = [];

  constructor(
    private readonly clock: DeviceClock,
    private readonly config: () => DeviceConfig,
    private readonly hooks: { log(file: string, line: number, message: string): void; onIpAcquired(): void },
  ) {}

  get status(): WifiStatus {
    return this.#status;
  }

  get ip(): string {
    return this.#status === 'got ip' ? VIRTUAL_IP : '';
  }

  start(): void {
    const sta = this.config().wifi.sta;
    if (!sta.enable || sta.ssid === '') {
      this.hooks.log('mgos_wifi.c', 461, 'WiFi STA: not configured');
      return;
    }
    this.#at(STEPS.connecting, 'connecting', 'WiFi STA: connecting');
    this.#at(STEPS.connected, 'connected', 'WiFi STA: connected');
    this.#at(STEPS.gotIp, 'got ip', `WiFi STA: ready, IP ${VIRTUAL_IP}, GW ${VIRTUAL_IP}, DNS ${VIRTUAL_IP}`, () => this.hooks.onIpAcquired());
  }

  #at(ms: number, status: WifiStatus, line: string, then?: () => void): void {
    this.#timers.push(
      this.clock.after(ms, () => {
        this.#status = status;
        this.hooks.log('mgos_wifi.c', 82, line);
        then?.();
      }),
    );
  }

  stop(): void {
    for (const t of this.#timers) t.cancel();
    this.#timers = [];
    this.#status = 'disconnected';
  }
}
