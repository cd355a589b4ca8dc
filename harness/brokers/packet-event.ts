/** Turns a decoded packet into the fields of an `mqtt.packet` timeline event. */
import type { Packet } from 'mqtt-packet';
import type { ConnectFields, EventOf } from '../timeline/events.ts';
import { packetTypes } from '../timeline/events.ts';

type PacketFields = Omit<EventOf<'mqtt.packet'>, 't' | 'kind' | 'broker' | 'conn' | 'dir'>;

const PAYLOAD_TEXT_LIMIT = 256;
const recordable = new Set<string>(packetTypes);

/** The event fields, or an explanation when the packet type has no place in the timeline (MQTT 5 AUTH). */
export function packetFields(packet: Packet): PacketFields | { unrecordable: string } {
  if (!recordable.has(packet.cmd)) return { unrecordable: `${packet.cmd.toUpperCase()} packet (MQTT 5) is not recorded` };
  const fields: PacketFields = { type: packet.cmd as PacketFields['type'] };
  if (packet.messageId !== undefined) fields.packetId = packet.messageId;
  switch (packet.cmd) {
    case 'connect':
      fields.connect = connectFields(packet);
      break;
    case 'connack':
      fields.returnCode = packet.returnCode ?? packet.reasonCode ?? 0;
      fields.sessionPresent = packet.sessionPresent;
      break;
    case 'publish': {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      fields.qos = packet.qos;
      fields.dup = packet.dup;
      fields.retain = packet.retain;
      fields.topic = packet.topic;
      fields.payloadLength = payload.length;
      fields.payload = payload.toString('utf8').slice(0, PAYLOAD_TEXT_LIMIT);
      break;
    }
    case 'subscribe':
      fields.subscriptions = packet.subscriptions.map((s) => ({ topic: s.topic, qos: s.qos }));
      break;
    case 'suback':
      fields.granted = packet.granted.map((g) => (typeof g === 'number' ? g : Number((g as { qos?: number }).qos ?? -1)));
      break;
    case 'unsubscribe':
      fields.unsubscriptions = [...packet.unsubscriptions];
      break;
    default:
      break;
  }
  return fields;
}

function connectFields(packet: Extract<Packet, { cmd: 'connect' }>): ConnectFields {
  const fields: ConnectFields = {
    clientId: packet.clientId,
    protocolVersion: packet.protocolVersion ?? 4,
    clean: packet.clean ?? true,
    keepalive: packet.keepalive ?? 0,
    hasPassword: packet.password !== undefined,
  };
  if (packet.username !== undefined) fields.username = packet.username;
  if (packet.will) {
    const payload = packet.will.payload;
    fields.will = {
      topic: packet.will.topic,
      payload: (typeof payload === 'string' ? payload : payload.toString('utf8')).slice(0, PAYLOAD_TEXT_LIMIT),
      qos: packet.will.qos ?? 0,
      retain: packet.will.retain ?? false,
    };
  }
  return fields;
}
