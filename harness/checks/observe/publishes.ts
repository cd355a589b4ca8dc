/**
 * The packets that carry messages, both ways: the device's PUBLISH and SUBSCRIBE packets
 * (matched to the scenario's `pub` actions by topic and payload: use unique payloads)
 * and the broker's deliveries to the device.
 */
import type { ActionOf } from '../input.ts';
import type { Connection, Packet } from './connections.ts';

/** Device→broker packets of one type across all connections, by time. */
export function deviceSent(conns: readonly Connection[], type: Packet['type']): Packet[] {
  return conns
    .flatMap((c) => c.packets.filter((p) => p.dir === 'in' && p.type === type))
    .sort((a, b) => a.t - b.t);
}

export interface Delivery {
  connection: Connection;
  packet: Packet;
}

/** Broker→device PUBLISH packets, connection by connection (in accept order), each in packet order. */
export function brokerDeliveries(conns: readonly Connection[]): Delivery[] {
  return conns.flatMap((c) => c.packets.filter((p) => p.dir === 'out' && p.type === 'publish').map((packet) => ({ connection: c, packet })));
}

/** The device's PUBLISH packets carrying this pub action's message, sent at or after it. */
export function packetsOf(pub: ActionOf<'pub'>, packets: readonly Packet[]): Packet[] {
  return packets.filter((p) => p.t >= pub.t && p.topic === pub.topic && p.payload === pub.payload);
}

export function pubLabel(pub: ActionOf<'pub'>): string {
  return `pub ${pub.topic} ${JSON.stringify(pub.payload)} qos ${pub.qos} → id ${pub.packetId}${pub.connected ? '' : ' (offline)'}`;
}
