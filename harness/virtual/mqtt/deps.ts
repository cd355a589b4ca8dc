/**
 * What the MQTT client needs from the rest of the virtual board, injected so tests can
 * drive time, randomness, the network and the config.
 */
import type { HilEvent } from '../../contract/hil.ts';
import type net from 'node:net';
import type tls from 'node:tls';
import type { DeviceConfig } from '../config/schema.ts';
import type { DeviceClock } from '../device-clock.ts';
import type { Personality } from '../personalities/personality.ts';
import type { LogSink, LogVariant } from './log-lines.ts';

/**
 * A byte stream to the broker. `net.Socket` fits. If the object has `connecting === true`
 * it must emit `connect` once established; any other object (e.g. an in-memory Duplex)
 * counts as connected on the next microtask unless `destroyed` is true by then.
 */
export interface MqttTransport {
  readonly connecting?: boolean;
  readonly destroyed?: boolean;
  readonly writableLength?: number;
  write(chunk: Uint8Array): boolean;
  /** Flush what was written, then close (FIN). */
  end(): void;
  /** Close at once, dropping unsent data. */
  destroy(): void;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export interface MqttDeps {
  clock: DeviceClock;
  /** Seeded, uniform in [0, 1). */
  random: () => number;
  /** Read live at every decision (the library reads mqtt/mqtt1 live, except mqtt.enable at boot). */
  config: () => DeviceConfig;
  /** device.id, the default client id (e.g. esp32_1CA848). */
  deviceId: string;
  connectTcp: (host: string, port: number) => MqttTransport;
  /** A TLS client socket over a TCP connection to host:port (net.ts: loopback only). Without it TLS settings fail the attempt. */
  connectTls?: (host: string, port: number, options: tls.ConnectionOptions) => { tls: tls.TLSSocket; tcp: net.Socket };
  /** The board's files (certificates and keys named by ssl_* settings). */
  files?: { read(name: string): Buffer | undefined };
  log: LogSink;
  /** The test firmware's `HIL {json}` event line, from its global and subscription handlers. */
  event: (e: HilEvent) => void;
  logVariant: LogVariant;
  /** Why the board started ('POWERON_RESET' unless given): the client is made once per boot, and tells its personality this at boot. */
  resetReason?: string;
  /** One personality, or several combined in order; `faithful` (or []) for the reference behaviour. */
  personality: Personality | readonly Personality[];
  /** Whether wall time is set (mqtt.require_time: mg_time() ≥ 1500000000); absent: set. */
  wallTimeSet?: () => boolean;
}
