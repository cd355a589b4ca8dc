/**
 * Mongoose's event numbers (mongoose.h: MG_EV_CLOSE 5, MG_MQTT_EVENT_BASE 200 + the MQTT
 * command), as the library's connection handlers receive them — the handlers that
 * mgos_mqtt_add_global_handler and JS MQTT.setEventHandler add. The virtual client
 * reports an event to those handlers where the firmware's C global handler prints its
 * line, so the line's name gives the number.
 */
import type { HilEvent } from '../../contract/hil.ts';

export const MG_EV = {
  POLL: 0,
  CLOSE: 5,
  CONNACK: 202,
  PUBLISH: 203,
  PUBACK: 204,
  PUBREC: 205,
  PUBCOMP: 207,
  SUBACK: 209,
  UNSUBACK: 211,
} as const;

const byLine: Partial<Record<HilEvent['ev'], number>> = {
  connack: MG_EV.CONNACK,
  close: MG_EV.CLOSE,
  puback: MG_EV.PUBACK,
  pubrec: MG_EV.PUBREC,
  pubcomp: MG_EV.PUBCOMP,
  unsuback: MG_EV.UNSUBACK,
};

/** The event number a connection handler gets where the C global handler prints `line`; undefined if none. */
export function mgEventOf(line: HilEvent): number | undefined {
  return byLine[line.ev];
}

/** A connection handler: the event number (edata is not modelled). */
export type ConnHandler = (mgEv: number) => void;
/** A subscription's own handler: MQTT.sub's trampoline gets the topic and the payload. */
export type MessageHandler = (topic: string, payload: Buffer, filter: string) => void;

/** What a raw subscription handler is told of an event (Mongoose's mg_mqtt_message, the parts the firmware prints). */
export interface RawEventInfo {
  topic?: string;
  qos?: 0 | 1 | 2;
  /** The packet's id (none for a QoS 0 PUBLISH: the firmware does not print Mongoose's stale one). */
  packetId?: number;
  /** Payload length of a PUBLISH. */
  len?: number;
}

/** A subscription's own mg_event_handler_t (mgos_mqtt_global_subscribe's `handler`): the event number and its data. */
export type RawHandler = (mgEv: number, info: RawEventInfo) => void;
