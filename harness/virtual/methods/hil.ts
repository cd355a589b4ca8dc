/**
 * The test firmware's HIL.* methods (the contract in harness/contract/hil.ts), answered
 * by the virtual board's MQTT library model. Params are validated with the same schemas
 * the harness uses; a bad param is a 400 naming the field.
 */
import * as z from 'zod';
import { CONNECT_FN, type HilMethod, hilMethods } from '../../contract/hil.ts';
import type { ConnectFn } from '../mqtt/handshake.ts';
import type { VirtualBoard } from '../board.ts';
import { jsonPrintf } from '../frozen-json-printf.ts';
import { type Dispatcher, DeviceRpcError } from '../rpc/dispatcher.ts';
import { pubfCalls } from './pubf-cases.ts';

/** The params of `method`, validated by the contract; a 400 naming the field otherwise. */
export function parse<M extends HilMethod>(method: M, params: unknown): z.output<(typeof hilMethods)[M]['params']> {
  const result = hilMethods[method].params.safeParse(params);
  if (!result.success) throw new DeviceRpcError(400, `${method}: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`);
  return result.data as z.output<(typeof hilMethods)[M]['params']>;
}

export function registerHilMethods(rpc: Dispatcher, board: VirtualBoard): void {
  rpc.register('HIL.Status', () => ({ ...board.mqtt.status(), uptime_ms: Math.round(board.clock.now()) }));
  rpc.register('HIL.Pub', (params) => {
    const p = parse('HIL.Pub', params);
    const packetId = board.mqtt.pub(p.topic, p.message, p.qos, p.retain);
    board.event({ ev: 'pub', packet_id: packetId, topic: p.topic, qos: p.qos, t: Math.round(board.clock.now()) });
    return { packet_id: packetId };
  });
  // mgos_mqtt_pubf / mgos_mqtt_pubv: the library formats with json_vasprintf, then
  // publishes as mgos_mqtt_pub does and returns its packet id (0 without a connection object).
  rpc.register('HIL.Pubf', (params) => {
    const p = parse('HIL.Pubf', params);
    const call = pubfCalls[p.case];
    const quoteIdentifiers = board.mqtt.personality.pubfQuotesIdentifiers?.({ format: call.format }, true) ?? true;
    const payload = jsonPrintf(call.format, call.args, { quoteIdentifiers });
    const packetId = board.mqtt.pub(p.topic, payload, p.qos, p.retain);
    board.event({ ev: 'pubf', case: p.case, packet_id: packetId, topic: p.topic, qos: p.qos, t: Math.round(board.clock.now()) });
    return { packet_id: packetId };
  });
  rpc.register('HIL.Sub', (params) => {
    const p = parse('HIL.Sub', params);
    board.mqtt.sub(p.topic, p.qos);
    board.event({ ev: 'sub', topic: p.topic, ...(p.qos === undefined ? {} : { qos: p.qos }), t: Math.round(board.clock.now()) });
    return {};
  });
  rpc.register('HIL.Unsub', (params) => {
    const p = parse('HIL.Unsub', params);
    const removed = board.mqtt.unsub(p.topic);
    board.event({ ev: 'unsub', topic: p.topic, t: Math.round(board.clock.now()) });
    return { removed };
  });
  rpc.register('HIL.SetMaxQoS', (params) => {
    const p = parse('HIL.SetMaxQoS', params);
    board.mqtt.setMaxQos(p.qos);
    return {};
  });
  // mgos_mqtt_get_packet_id `count` times, from the client's own counter: the ids a
  // publish would take, so 0 and ids held by queued publishes are stepped over.
  rpc.register('HIL.PacketIds', (params) => {
    const p = parse('HIL.PacketIds', params);
    if (!board.mqtt.hasConnectionObject()) {
      // The firmware keeps the library from dereferencing NULL (hil_mqtt_packet_ids).
      throw new DeviceRpcError(409, 'HIL.PacketIds: mqtt.enable was false at boot: the library has no connection object');
    }
    let first = 0;
    let last = 0;
    let zeros = 0;
    let wraps = 0;
    for (let i = 0; i < p.count; i++) {
      const id = board.mqtt.nextPacketId();
      if (i === 0) first = id;
      else if (id <= last) wraps++;
      if (id === 0) zeros++;
      last = id;
    }
    board.event({ ev: 'packet_ids', count: p.count, first, last, zeros, t: Math.round(board.clock.now()) });
    return { count: p.count, first, last, zeros, wraps };
  });
  // mgos_settimeofday. It fires MGOS_EVENT_TIME_CHANGED, to which the MQTT library does
  // not listen: a connect held back for want of time waits for its reconnect timer.
  rpc.register('HIL.SetTime', (params) => {
    const p = parse('HIL.SetTime', params);
    const before = Math.floor(board.wallClock.epochS());
    board.wallClock.set(p.epoch);
    const after = Math.floor(board.wallClock.epochS());
    board.event({ ev: 'time_set', before, after, t: Math.round(board.clock.now()) });
    return { before, after };
  });
  // mgos_mqtt_set_connect_fn with the firmware's callback (hil_connect_fn) or NULL. The
  // callback prints what the library handed it, sets CONNECT_FN's user name and
  // keep-alive and sends the handshake itself, with the client id it was given.
  rpc.register('HIL.SetConnectFn', (params) => {
    const p = parse('HIL.SetConnectFn', params);
    const fn: ConnectFn = (clientId, opts) => {
      board.event({
        ev: 'connect_fn',
        client_id: clientId,
        user: opts.userName,
        keep_alive: opts.keepAliveS,
        clean: opts.clean,
        will: opts.willTopic !== null && opts.willMessage !== null,
        t: Math.round(board.clock.now()),
      });
      return { clientId, opts: { ...opts, userName: CONNECT_FN.user, keepAliveS: CONNECT_FN.keepAliveS } };
    };
    return { applied: board.mqtt.setConnectFn(p.mode === 'on' ? fn : null) };
  });
  rpc.register('HIL.Connect', () => {
    board.mqtt.connect();
    return {};
  });
  rpc.register('HIL.Disconnect', () => {
    board.mqtt.disconnect();
    return {};
  });
  // mgos_mqtt_global_subscribe with the firmware's raw handler (hil_mqtt.c on_raw_event):
  // one raw_ev line per event the handler is called with.
  rpc.register('HIL.RawSub', (params) => {
    const p = parse('HIL.RawSub', params);
    board.mqtt.rawSub(p.topic, (mgEv, info) => {
      board.event({
        ev: 'raw_ev',
        mg_ev: mgEv,
        filter: p.topic,
        ...(info.topic === undefined ? {} : { topic: info.topic }),
        ...(info.qos === undefined ? {} : { qos: info.qos }),
        ...(info.packetId === undefined ? {} : { packet_id: info.packetId }),
        ...(info.len === undefined ? {} : { len: info.len }),
        t: Math.round(board.clock.now()),
      });
    });
    board.event({ ev: 'raw_sub', topic: p.topic, t: Math.round(board.clock.now()) });
    return {};
  });
  rpc.register('HIL.GlobalConn', () => ({ conn: board.mqtt.hasGlobalConn(), connected: board.mqtt.status().connected }));
}
