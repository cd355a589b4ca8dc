/** The device's PUBLISH packets matched to the scenario's `pub` actions (by topic and payload: use unique payloads). */
import type { ActionOf, CheckInput } from '../input.ts';
import { connections, type Packet } from './connections.ts';

export function devicePublishes(input: CheckInput): Packet[] {
  return connections(input)
    .flatMap((c) => c.packets.filter((p) => p.dir === 'in' && p.type === 'publish'))
    .sort((a, b) => a.t - b.t);
}

/** The device's PUBLISH packets carrying this pub action's message, sent at or after it. */
export function packetsOf(pub: ActionOf<'pub'>, packets: readonly Packet[]): Packet[] {
  return packets.filter((p) => p.t >= pub.t && p.topic === pub.topic && p.payload === pub.payload);
}

export function pubLabel(pub: ActionOf<'pub'>): string {
  return `pub ${pub.topic} ${JSON.stringify(pub.payload)} qos ${pub.qos} → id ${pub.packetId}${pub.connected ? '' : ' (offline)'}`;
}
