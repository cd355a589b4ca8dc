/**
 * The CONNECT as the library builds it on a TCP connect (mgos_mqtt_ev, MG_EV_CONNECT):
 * handshake options from the active config, handed to a connect callback when one is set
 * (mgos_mqtt_set_connect_fn), which then sends the handshake itself; Mongoose's
 * mg_send_mqtt_handshake_opt turns the options into the packet.
 */
import type { IConnectPacket } from 'mqtt-packet';
import type { MqttSection } from '../../contract/mqtt-config.ts';

/** `struct mg_send_mqtt_handshake_opts` as the library fills it: an unset string is null. */
export interface HandshakeOpts {
  userName: string | null;
  password: string | null;
  clean: boolean;
  /** Seconds as configured: 0 stays 0 here (the handshake sends 60 for it). */
  keepAliveS: number;
  willTopic: string | null;
  willMessage: string | null;
  willRetain: boolean;
}

/**
 * A connect callback (mgos_mqtt_connect_fn_t): it gets the client id and the options the
 * library built, and answers what it sends with mg_send_mqtt_handshake_opt (the virtual
 * firmware's callback always sends).
 */
export type ConnectFn = (clientId: string, opts: Readonly<HandshakeOpts>) => { clientId: string; opts: HandshakeOpts };

/** The options the library builds from the active config (an empty string reads as unset). */
export function handshakeOpts(section: MqttSection): HandshakeOpts {
  const unset = (s: string) => (s === '' ? null : s);
  return {
    userName: unset(section.user),
    password: unset(section.pass),
    clean: section.clean_session,
    keepAliveS: section.keep_alive,
    willTopic: unset(section.will_topic),
    willMessage: unset(section.will_message),
    willRetain: section.will_retain,
  };
}

/** mg_send_mqtt_handshake_opt's keep-alive: 0 is sent as 60, and becomes the ping interval too. */
export function handshakeKeepAliveS(opts: HandshakeOpts): number {
  return opts.keepAliveS > 0 ? opts.keepAliveS : 60;
}

/** The CONNECT packet of `opts`, with the keep-alive already decided (`keepAliveS`). */
export function connectPacket(clientId: string, opts: HandshakeOpts, keepAliveS: number): IConnectPacket {
  const packet: IConnectPacket = {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clientId,
    clean: opts.clean,
    keepalive: keepAliveS,
  };
  if (opts.userName !== null) {
    packet.username = opts.userName;
    // MQTT 3.1.1 allows a password only together with a user name [MQTT-3.1.2-22].
    if (opts.password !== null) packet.password = Buffer.from(opts.password, 'utf8');
  }
  // The will only with both topic and message; its QoS is always 0.
  if (opts.willTopic !== null && opts.willMessage !== null) {
    packet.will = { topic: opts.willTopic, payload: Buffer.from(opts.willMessage, 'utf8'), qos: 0, retain: opts.willRetain };
  }
  return packet;
}
