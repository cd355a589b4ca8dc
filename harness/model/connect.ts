/**
 * The CONNECT packet a correct device sends, field by field, from the active config
 * section (`mqtt` or `mqtt1`) and the device id.
 */
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
): { fields: ExpectedConnect; source: Record<ConnectField, SourceRef[]> } {
  const hasWill = cfg.will_topic !== '' && cfg.will_message !== '';
  return {
    fields: {
      clientId: cfg.client_id !== '' ? cfg.client_id : deviceId,
      protocolVersion: 4,
      clean: cfg.clean_session,
      keepalive: effectiveKeepAliveS(cfg.keep_alive),
      username: cfg.user !== '' ? cfg.user : undefined,
      hasPassword: cfg.pass !== '',
      will: hasWill ? { topic: cfg.will_topic, payload: cfg.will_message, qos: 0, retain: cfg.will_retain } : undefined,
    },
    source: {
      clientId: cite('doc.config.connect', 'impl.connect.client-id'),
      protocolVersion: cite('impl.connect.client-id', 'mqtt.protocol-level'),
      clean: cite('doc.config.connect', 'impl.connect.fields'),
      keepalive: cite('doc.config.connect', 'impl.connect.fields', 'impl.keepalive.ping'),
      username: cite('doc.config.connect', 'impl.connect.fields'),
      hasPassword: cite('doc.config.connect', 'impl.connect.fields'),
      will: cite('doc.config.connect', 'impl.connect.will'),
    },
  };
}
