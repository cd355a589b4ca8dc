/**
 * The device's TCP connections as the brokers' gates saw them: accept, every decoded
 * packet in both directions, and the close. `in` = device→broker, `out` = broker→device.
 */
import type { BrokerName, EventOf } from '../../timeline/events.ts';
import type { ConfigName } from '../../contract/mqtt-config.ts';
import type { CheckInput } from '../input.ts';
import { configOfBroker } from './config.ts';

export type Packet = EventOf<'mqtt.packet'>;

export interface Connection {
  broker: BrokerName;
  conn: number;
  server: ConfigName;
  accept: number;
  close?: { t: number; by: 'device' | 'gate' | 'broker'; how: string };
  packets: Packet[];
  connect?: Packet;
  connack?: Packet;
}

/**
 * Only connections whose `tcp.accept` is in the slice. A connection accepted before it
 * (the previous boot's socket: a rebooted ESP32 sends nothing on it, and the broker keeps
 * it until its keep-alive runs out or a takeover) can still close, or carry the broker's
 * packets and the device's RST, inside the slice; those events are ignored, since what
 * they show belongs to a boot the scenario did not watch.
 */
export function observeConnections(input: CheckInput): Connection[] {
  const byKey = new Map<string, Connection>();
  const out: Connection[] = [];
  const key = (b: string, c: number) => `${b}#${c}`;
  for (const e of [...input.events].sort((a, b) => a.t - b.t)) {
    if (e.kind === 'tcp.accept') {
      const c: Connection = { broker: e.broker, conn: e.conn, server: configOfBroker(e.broker), accept: e.t, packets: [] };
      byKey.set(key(e.broker, e.conn), c);
      out.push(c);
    } else if (e.kind === 'tcp.close') {
      const c = byKey.get(key(e.broker, e.conn));
      if (c && !c.close) c.close = { t: e.t, by: e.by, how: e.how }; // no `c`: accepted before the slice
    } else if (e.kind === 'mqtt.packet') {
      const c = byKey.get(key(e.broker, e.conn));
      if (!c) continue; // accepted before the slice
      c.packets.push(e);
      if (e.dir === 'in' && e.type === 'connect' && !c.connect) c.connect = e;
      if (e.dir === 'out' && e.type === 'connack' && !c.connack) c.connack = e;
    }
  }
  return out;
}

/** Connections that got CONNACK 0: MQTT sessions. */
export function isSession(c: Connection): boolean {
  return c.connack?.returnCode === 0;
}

export function isOpenAt(c: Connection, t: number): boolean {
  return c.accept <= t && (c.close === undefined || c.close.t > t);
}

export function describePacket(p: Packet): string {
  const parts = [`${p.broker}#${p.conn}`, p.dir === 'in' ? 'device→broker' : 'broker→device', p.type.toUpperCase()];
  if (p.packetId !== undefined) parts.push(`id ${p.packetId}`);
  if (p.topic !== undefined) parts.push(`topic ${p.topic}`);
  if (p.qos !== undefined) parts.push(`qos ${p.qos}`);
  if (p.dup !== undefined) parts.push(`dup ${p.dup ? 1 : 0}`);
  if (p.payload !== undefined) parts.push(`payload ${JSON.stringify(p.payload)}`);
  if (p.returnCode !== undefined) parts.push(`code ${p.returnCode}`);
  if (p.subscriptions) parts.push(p.subscriptions.map((s) => `${s.topic}@${s.qos}`).join(', '));
  return parts.join(' ');
}
