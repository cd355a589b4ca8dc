/**
 * Small value types shared by the MQTT client's modules and by personalities. Qos and
 * ConfigName are the harness's shared words (harness/contract), re-exported here.
 */
import type { Qos } from '../../contract/qos.ts';

export { type ConfigName, otherConfig } from '../../contract/mqtt-config.ts';
export type { Qos } from '../../contract/qos.ts';

export function toQos(n: number): Qos {
  if (n <= 0) return 0;
  if (n >= 2) return 2;
  return 1;
}

/** A subscription as it goes on the wire. */
export interface TopicQos {
  topic: string;
  qos: Qos;
}

/** How the device answers an incoming PUBLISH with QoS ≥ 1. */
export type IncomingAck = 'puback' | 'pubrec' | 'none';

/** Keep-alive as the device applies it: the value sent in CONNECT and when it pings. */
export interface KeepAlivePlan {
  /** Seconds written into CONNECT. */
  connectSeconds: number;
  /** PINGREQ after this many ms without sending; null = never ping. */
  pingAfterMs: number | null;
}
