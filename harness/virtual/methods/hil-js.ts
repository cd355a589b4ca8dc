/**
 * The test firmware's HIL.JS.* methods (firmware/fs/init.js): the library's JS API,
 * api_mqtt.js, modelled on the virtual board's MQTT client. What each JS call does is
 * what its ffi declaration calls:
 * - MQTT.pub → mgos_mqtt_pub, its packet id returned through an `int` (impl; the doc
 *   comment says "0 on failure, 1 on success"); qos defaults to 0, retain to false;
 * - MQTT.sub → mgos_mqtt_sub: mgos_mqtt_global_subscribe at the library's QoS 1, with a
 *   handler of its own that is called with the message's topic and payload;
 * - MQTT.isConnected → mgos_mqtt_global_is_connected;
 * - MQTT.setEventHandler → mgos_mqtt_add_global_handler: told what the firmware's own
 *   global handler is told, plus PUBLISH that matched no subscription (POLL is left out
 *   by init.js).
 * State lives with the MQTT client of the current boot: a reboot forgets the JS handler
 * and subscriptions, as mJS starts init.js afresh.
 */
import type { VirtualBoard } from '../board.ts';
import type { MqttClient } from '../mqtt/client.ts';
import { MG_EV } from '../mqtt/mg-events.ts';
import type { BoundHooks } from '../personalities/booted.ts';
import type { Dispatcher } from '../rpc/dispatcher.ts';
import { parse } from './hil.ts';

/** The library's default subscription QoS (mgos_mqtt_global_subscribe). */
const LIBRARY_SUB_QOS = 1;

interface JsState {
  handlerSet: boolean;
  everConnected: boolean;
}

export function registerHilJsMethods(rpc: Dispatcher, board: VirtualBoard): void {
  // This boot's personality, its hooks bound to this boot's RAM.
  const p = (): BoundHooks => board.mqtt.personality;
  const states = new WeakMap<MqttClient, JsState>();
  const now = () => Math.round(board.clock.now());

  /** This boot's JS state; watching CONNACK from the first JS call on (the sticky personality's context). */
  function stateOf(mqtt: MqttClient): JsState {
    let state = states.get(mqtt);
    if (state === undefined) {
      const s: JsState = { handlerSet: false, everConnected: mqtt.status().connected };
      mqtt.addGlobalHandler((mgEv) => {
        if (mgEv === MG_EV.CONNACK) s.everConnected = true;
      });
      states.set(mqtt, s);
      state = s;
    }
    return state;
  }

  rpc.register('HIL.JS.Pub', (params) => {
    const a = parse('HIL.JS.Pub', params);
    const mqtt = board.mqtt;
    stateOf(mqtt);
    const connected = mqtt.status().connected;
    const packetId = mqtt.pub(a.topic, a.message, a.qos ?? 0, a.retain ?? false);
    const result = p().jsPubResult?.({ connected, packetId }, packetId) ?? packetId;
    board.event({ ev: 'js_pub', result, topic: a.topic, qos: a.qos ?? 0, t: now() });
    return { result };
  });

  rpc.register('HIL.JS.Sub', (params) => {
    const a = parse('HIL.JS.Sub', params);
    const mqtt = board.mqtt;
    stateOf(mqtt);
    mqtt.sub(a.topic, LIBRARY_SUB_QOS, (topic, payload, filter) => {
      const shown = p().jsSubTopic?.({ filter }, topic) ?? topic;
      board.event({ ev: 'js_msg', topic: shown, msg: payload.toString('utf8'), len: payload.length, t: now() });
    });
    board.event({ ev: 'js_sub', topic: a.topic, t: now() });
    return {};
  });

  rpc.register('HIL.JS.IsConnected', () => {
    const mqtt = board.mqtt;
    const state = stateOf(mqtt);
    const connected = mqtt.status().connected;
    return { connected: p().jsIsConnected?.({ everConnected: state.everConnected }, connected) ?? connected };
  });

  rpc.register('HIL.JS.SetEventHandler', () => {
    const mqtt = board.mqtt;
    const state = stateOf(mqtt);
    if (state.handlerSet) return { added: false };
    state.handlerSet = true;
    mqtt.addGlobalHandler((mgEv) => {
      if (!(p().jsEventDelivered?.({ mgEv }, true) ?? true)) return;
      board.event({ ev: 'js_event', mg_ev: mgEv, t: now() });
    });
    return { added: true };
  });
}
