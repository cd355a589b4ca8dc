/**
 * The CONNECT packet a correct device sends, field by field, from the active config
 * section (`mqtt` or `mqtt1`) and the device id — and, while the test firmware's connect
 * callback is set (HIL.SetConnectFn), with that callback's changes: the library hands it
 * the options built from the config and it sends CONNECT_FN's user name and keep-alive,
 * the rest unchanged (impl mgos_mqtt_ev; the keep-alive it sends is also the one the
 * device pings by, since mg_send_mqtt_handshake_opt keeps it for the connection).
 */
import { CONNECT_FN } from '../contract/hil.ts';
import type { MqttSection } from '../contract/mqtt-config.ts';
import { effectiveKeepAliveS } from './keepalive.ts';
import { cite, type SourceRef } from './sources.ts';

export interface ExpectedConnect {
  clientId: string;
  protocolVersion: 4;
  clean: boolean;
  keepalive: number;
  username: string | undefined;
  hasPassword: boolean;
  will: { topic: string; payload: string; qos: 0; retain: boolean } | undefined;
}

export type ConnectField = keyof ExpectedConnect;

export function expectedConnect(
  cfg: Pick<MqttSection, 'client_id' | 'clean_session' | 'keep_alive' | 'user' | 'pass' | 'will_topic' | 'will_message' | 'will_retain'>,
  deviceId: string,
  connectFn = false,
): { fields: ExpectedConnect; source: Record<ConnectField, SourceRef[]> } {
  const hasWill = cfg.will_topic !== '' && cfg.will_message !== '';
  const byFn = connectFn ? cite('impl.connect-fn', 'doc.connect-fn') : [];
  return {
    fields: {
      clientId: cfg.client_id !== '' ? cfg.client_id : deviceId,
      protocolVersion: 4,
      clean: cfg.clean_session,
      keepalive: connectFn ? CONNECT_FN.keepAliveS : effectiveKeepAliveS(cfg.keep_alive),
      username: connectFn ? CONNECT_FN.user : cfg.user !== '' ? cfg.user : undefined,
      hasPassword: cfg.pass !== '',
      will: hasWill ? { topic: cfg.will_topic, payload: cfg.will_message, qos: 0, retain: cfg.will_retain } : undefined,
    },
    source: {
      clientId: cite('doc.config.connect', 'impl.connect.client-id'),
      protocolVersion: cite('impl.connect.client-id', 'mqtt.protocol-level'),
      clean: cite('doc.config.connect', 'impl.connect.fields'),
      keepalive: [...cite('doc.config.connect', 'impl.connect.fields', 'impl.keepalive.ping'), ...byFn],
      username: [...cite('doc.config.connect', 'impl.connect.fields'), ...byFn],
      hasPassword: cite('doc.config.connect', 'impl.connect.fields'),
      will: cite('doc.config.connect', 'impl.connect.will'),
    },
  };
}

/**
 * The keep-alive, in seconds, the device announces on a connection and pings by: the
 * config's (0 → 60), or CONNECT_FN's while the connect callback is set.
 */
export function expectedKeepAliveS(cfg: Pick<MqttSection, 'keep_alive'>, connectFn: boolean): number {
  return connectFn ? CONNECT_FN.keepAliveS : effectiveKeepAliveS(cfg.keep_alive);
}
