/** The config in force at a moment: the scenario's start config plus its `config` actions. */
import type { ConfigName, MqttSection } from '../../contract/mqtt-config.ts';
import type { ActionOf, CheckInput } from '../input.ts';

export interface Configs {
  mqtt: MqttSection;
  mqtt1: MqttSection;
}

export type ConfigAt = (t: number) => Configs;

/** The lookup `configAt(t)`, with the `config` actions sorted once. */
export function configOverTime(input: CheckInput): ConfigAt {
  const changes = input.actions.filter((a): a is ActionOf<'config'> => a.kind === 'config').sort((x, y) => x.t - y.t);
  return (t) => {
    let mqtt = input.config.mqtt;
    let mqtt1 = input.config.mqtt1;
    for (const a of changes) {
      if (a.t > t) break;
      if (a.mqtt) mqtt = { ...mqtt, ...a.mqtt };
      if (a.mqtt1) mqtt1 = { ...mqtt1, ...a.mqtt1 };
    }
    return { mqtt, mqtt1 };
  };
}

/** host:port as the library dials it (no port → 1883, or 8883 with a CA cert). */
export function dialAddress(cfg: Pick<MqttSection, 'server' | 'ssl_ca_cert'>): string {
  if (cfg.server === '' || /:\d+$/.test(cfg.server)) return cfg.server;
  return `${cfg.server}:${cfg.ssl_ca_cert !== '' ? 8883 : 1883}`;
}

/** Which config a `connecting to <host:port>` line belongs to. */
export function configOfAddress(configAt: ConfigAt, t: number, address: string): ConfigName | 'unknown' {
  const c = configAt(t);
  if (dialAddress(c.mqtt) === address) return 'mqtt';
  if (dialAddress(c.mqtt1) === address) return 'mqtt1';
  return 'unknown';
}

/** The gate named `primary` serves `mqtt.server`, `backup` serves `mqtt1.server`. */
export function configOfBroker(broker: 'primary' | 'backup'): ConfigName {
  return broker === 'primary' ? 'mqtt' : 'mqtt1';
}

/** The gate that serves a config section: the inverse of configOfBroker. */
export function brokerOfConfig(config: ConfigName): 'primary' | 'backup' {
  return config === 'mqtt' ? 'primary' : 'backup';
}

export function fmt(ms: number): string {
  return `${Math.round(ms)} ms`;
}
