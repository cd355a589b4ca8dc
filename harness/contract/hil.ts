/**
 * The test firmware's contract, described once: the `HIL.*` RPC methods with their
 * params and results, and the `HIL {json}` event lines it prints. The harness validates
 * replies with these schemas, the virtual board answers through them, and a test reads
 * firmware/src for the method names it registers, so the three cannot drift.
 */
import * as z from 'zod';

const qos = z.int().min(0).max(2);
const topic = z.string().min(1);

/**
 * The MQTT library's test of "wall time is set" for mqtt.require_time: mg_time() at or
 * past this epoch, in seconds (impl: mgos_mqtt_time_ok in mgos_mqtt_conn.c, 2017-07-14).
 */
export const TIME_SET_EPOCH_S = 1_500_000_000;

/** The largest epoch HIL.SetTime takes: the firmware reads it into an int (json_scanf %d). */
export const SET_TIME_EPOCH_MAX = 2_147_483_647;

/** The most ids one HIL.PacketIds takes: a full turn of the counter and some (firmware: HIL_PACKET_IDS_MAX). */
export const PACKET_IDS_MAX = 70000;

/**
 * HIL.Pubf's cases: each a fixed json_printf format with fixed arguments in the firmware
 * (firmware/src/hil_mqtt.c), published through mgos_mqtt_pubf (`pubv`: through
 * mgos_mqtt_pubv). What frozen prints for each is harness/model/pubf-cases.ts.
 */
export const PUBF_CASES = ['keys', 'escapes', 'bools', 'nested', 'pubv'] as const;
export type PubfCase = (typeof PUBF_CASES)[number];

/**
 * What HIL.SetConnectFn's callback changes in every CONNECT it sends (firmware:
 * HIL_CONNECT_FN_USER, HIL_CONNECT_FN_KEEP_ALIVE in hil_mqtt.h): the user name and the
 * keep-alive, in seconds. The handshake also makes that keep-alive the ping interval.
 * Everything else (client id, clean session, password, will) is the library's.
 */
export const CONNECT_FN = { user: 'hil-connect-fn', keepAliveS: 17 } as const;
export const CONNECT_FN_MODES = ['on', 'off'] as const;
export type ConnectFnMode = (typeof CONNECT_FN_MODES)[number];

/**
 * The strings the HIL.JS.* methods carry: printable ASCII only. mJS's `print` (cesanta/mjs
 * mjs_builtin.c, mjs_util.c) writes every other byte as `\xNN`, so a JS event line with
 * such a byte is not JSON (test/firmware/js-contract.test.ts shows it).
 */
const jsText = z.string().regex(/^[\x20-\x7e]*$/, 'printable ASCII only: mJS print turns other bytes into \\xNN');
const jsTopic = jsText.min(1);

export const hilMethods = {
  'HIL.Status': {
    params: z.looseObject({}),
    result: z.looseObject({
      connected: z.boolean(),
      /** host:port of the active config's server ("" when unset). */
      server: z.string(),
      /** Which config is active: the primary `mqtt` or the backup `mqtt1`. */
      cfg: z.enum(['mqtt', 'mqtt1']),
      unsent_bytes: z.int().min(0),
      queue_len: z.int().min(0),
      uptime_ms: z.number().min(0),
      subs: z.array(z.string()),
      /** Effective max QoS (the runtime override if set, else mqtt.max_qos). */
      max_qos: qos,
      /** −1 when no runtime override is in force. */
      max_qos_override: z.int().min(-1).max(2),
      /** The library's `rt`: last nominal reconnect delay in ms (0 after CONNACK, −1 after an explicit disconnect). */
      reconnect_timeout_ms: z.number(),
    }),
  },
  'HIL.Pub': {
    params: z.strictObject({
      topic,
      message: z.string(),
      qos: qos.default(0),
      retain: z.boolean().default(false),
    }),
    /** What mgos_mqtt_pub returned. */
    result: z.looseObject({ packet_id: z.int().min(0).max(65535) }),
  },
  'HIL.Sub': {
    params: z.strictObject({ topic, qos: qos.optional() }),
    result: z.looseObject({}),
  },
  'HIL.Unsub': {
    params: z.strictObject({ topic }),
    result: z.looseObject({ removed: z.boolean() }),
  },
  'HIL.SetMaxQoS': {
    params: z.strictObject({ qos }),
    result: z.looseObject({}),
  },
  /**
   * Calls mgos_mqtt_get_packet_id `count` times (as `count` publishes would take their
   * ids) and says what it saw, not every id: the first and the last, how many were 0 and
   * how many times an id was not greater than the one before (the counter went round).
   * Error 409 when mqtt.enable was false at boot (the library would dereference NULL).
   */
  'HIL.PacketIds': {
    params: z.strictObject({ count: z.int().min(1).max(PACKET_IDS_MAX) }),
    result: z.looseObject({
      count: z.int().min(1).max(PACKET_IDS_MAX),
      first: z.int().min(0).max(65535),
      last: z.int().min(0).max(65535),
      zeros: z.int().min(0),
      wraps: z.int().min(0),
    }),
  },
  /**
   * Sets the board's wall clock (mgos_settimeofday, whole seconds; it also fires
   * MGOS_EVENT_TIME_CHANGED) and answers mg_time() before and after. An epoch under
   * TIME_SET_EPOCH_S makes the time "not set" for mqtt.require_time. The clock survives a
   * software reset (the ESP32's RTC), not a power cycle.
   */
  'HIL.SetTime': {
    params: z.strictObject({ epoch: z.int().min(0).max(SET_TIME_EPOCH_MAX) }),
    result: z.looseObject({ before: z.int().min(0), after: z.int().min(0) }),
  },
  /**
   * Publishes one of the fixed PUBF_CASES through mgos_mqtt_pubf (or mgos_mqtt_pubv):
   * the library formats the payload with frozen's json_vasprintf and publishes it as
   * mgos_mqtt_pub would. `packet_id` is what the call returned.
   */
  'HIL.Pubf': {
    params: z.strictObject({
      topic,
      case: z.enum(PUBF_CASES),
      qos: qos.default(0),
      retain: z.boolean().default(false),
    }),
    result: z.looseObject({ packet_id: z.int().min(0).max(65535) }),
  },
  'HIL.Connect': { params: z.looseObject({}), result: z.looseObject({}) },
  // ── the JS API (fs/init.js, through api_mqtt.js) ──
  'HIL.JS.Pub': {
    params: z.strictObject({ topic: jsTopic, message: jsText, qos: qos.optional(), retain: z.boolean().optional() }),
    /** What MQTT.pub returned (api_mqtt.js declares mgos_mqtt_pub's uint16_t as `int`). */
    result: z.looseObject({ result: z.int() }),
  },
  'HIL.JS.Sub': { params: z.strictObject({ topic: jsTopic }), result: z.looseObject({}) },
  'HIL.JS.IsConnected': { params: z.looseObject({}), result: z.looseObject({ connected: z.boolean() }) },
  /** added: false when a handler was already set (the library would call both). */
  'HIL.JS.SetEventHandler': { params: z.looseObject({}), result: z.looseObject({ added: z.boolean() }) },
  'HIL.Disconnect': { params: z.looseObject({}), result: z.looseObject({}) },
  /**
   * mgos_mqtt_set_connect_fn: `on` installs the firmware's callback (a connect_fn line per
   * call; it sets CONNECT_FN's user name and keep-alive and sends the handshake itself),
   * `off` sets NULL, so the library sends its own CONNECT again. `applied` is false when
   * mqtt.enable was false at boot (no connection object: the library ignores the call).
   * The callback is RAM: a reboot leaves it unset.
   */
  'HIL.SetConnectFn': {
    params: z.strictObject({ mode: z.enum(CONNECT_FN_MODES) }),
    result: z.looseObject({ applied: z.boolean() }),
  },
  /**
   * mgos_mqtt_global_subscribe(topic) with a raw mg_event_handler_t of the firmware's: a
   * subscription at the library's QoS 1 whose handler prints one `raw_ev` line per event
   * it is called with (the library calls it with a matching PUBLISH and with the SUBACK
   * of its own SUBSCRIBE only: mgos_mqtt_conn.c, call_topic_handler).
   */
  'HIL.RawSub': { params: z.strictObject({ topic }), result: z.looseObject({}) },
  /**
   * Whether mgos_mqtt_get_global_conn() returned a connection (`conn`) and what
   * mgos_mqtt_global_is_connected() said (`connected`), read one after the other.
   */
  'HIL.GlobalConn': { params: z.looseObject({}), result: z.looseObject({ conn: z.boolean(), connected: z.boolean() }) },
} as const;

export type HilMethod = keyof typeof hilMethods;
export const hilMethodNames = Object.keys(hilMethods) as HilMethod[];
export type HilParams<M extends HilMethod> = z.input<(typeof hilMethods)[M]['params']>;
export type HilResult<M extends HilMethod> = z.output<(typeof hilMethods)[M]['result']>;

/**
 * The Mongoose OS cloud events the MQTT library triggers (cesanta/mongoose-os
 * include/mgos_event.h, `enum mgos_event_sys`): the core's event base 'M','O','S'
 * (`MGOS_EVENT_BASE`) plus the index in that enum. CONNECTERROR exists only after release
 * 2.20.0; there its number belongs to MGOS_EVENT_REBOOT_AFTER.
 */
export const MGOS_EVENT_SYS = (0x4d << 24) | (0x4f << 16) | (0x53 << 8);
export const cloudEventNumbers = {
  connected: MGOS_EVENT_SYS + 4,
  disconnected: MGOS_EVENT_SYS + 5,
  connecting: MGOS_EVENT_SYS + 6,
  connecterror: MGOS_EVENT_SYS + 7,
} as const;
export type CloudEventName = keyof typeof cloudEventNumbers;
export const cloudEventNames = Object.keys(cloudEventNumbers) as CloudEventName[];
/** `struct mgos_cloud_arg`'s type as the MQTT library sets it (`enum mgos_cloud_type`'s first). */
export const MGOS_CLOUD_MQTT = 0;

/** Device uptime in ms when the event happened (the device's own clock). */
const t = z.number().min(0);
const packetId = z.int().min(0).max(65535);

/**
 * One `HIL {json}` line per MQTT event seen by the firmware's global handler and its
 * subscription handler. Unknown extra fields are kept (a newer firmware may add some).
 */
export const hilEvent = z.discriminatedUnion('ev', [
  z.looseObject({ ev: z.literal('boot'), t, fw_id: z.string().optional() }),
  z.looseObject({ ev: z.literal('connack'), code: z.int(), t }),
  z.looseObject({ ev: z.literal('close'), t }),
  z.looseObject({ ev: z.literal('sub'), topic, qos: qos.optional(), t: t.optional() }),
  z.looseObject({ ev: z.literal('unsub'), topic, t: t.optional() }),
  z.looseObject({ ev: z.literal('pub'), packet_id: packetId, topic: z.string().optional(), qos: qos.optional(), t: t.optional() }),
  z.looseObject({ ev: z.literal('puback'), packet_id: packetId, t }),
  z.looseObject({ ev: z.literal('pubrec'), packet_id: packetId, t }),
  z.looseObject({ ev: z.literal('pubcomp'), packet_id: packetId, t }),
  z.looseObject({ ev: z.literal('unsuback'), packet_id: packetId, t }),
  /** HIL.PacketIds took `count` ids, `first` to `last`, `zeros` of them 0. */
  /** HIL.SetTime set the wall clock: mg_time() in whole seconds before and after. */
  z.looseObject({ ev: z.literal('time_set'), before: z.int().min(0), after: z.int().min(0), t }),
  z.looseObject({ ev: z.literal('packet_ids'), count: z.int().min(1), first: packetId, last: packetId, zeros: z.int().min(0), t }),
  /**
   * A core cloud event (firmware hil_cloud.c, one handler per event): its contract name,
   * its number, the `struct mgos_cloud_arg` type (0: MGOS_CLOUD_MQTT; −1: no argument).
   */
  z.looseObject({
    ev: z.literal('cloud'),
    name: z.enum(['connecting', 'connected', 'disconnected', 'connecterror']),
    mgos_ev: z.int(),
    type: z.int().min(-1),
    t,
  }),
  /** HIL.Pubf published `case` (its payload is on the wire, not in the line). */
  z.looseObject({ ev: z.literal('pubf'), case: z.enum(PUBF_CASES), packet_id: packetId, topic: z.string(), qos, t }),
  z.looseObject({
    ev: z.literal('msg'),
    topic: z.string(),
    msg: z.string().optional(),
    len: z.int().min(0),
    qos,
    dup: z.union([z.literal(0), z.literal(1)]).optional(),
    retain: z.union([z.literal(0), z.literal(1)]).optional(),
    packet_id: packetId.optional(),
    t,
  }),
  z.looseObject({ ev: z.literal('status') }),
  // ── printed by fs/init.js (mJS: t may have a fraction, keys come in any order) ──
  z.looseObject({ ev: z.literal('js_pub'), result: z.int(), topic: z.string(), qos, t }),
  z.looseObject({ ev: z.literal('js_sub'), topic, t }),
  /** MQTT.sub's handler was called. */
  z.looseObject({ ev: z.literal('js_msg'), topic: z.string(), msg: z.string(), len: z.int().min(0), t }),
  /** MQTT.setEventHandler's handler was called with this event number (POLL, 0, left out). */
  z.looseObject({ ev: z.literal('js_event'), mg_ev: z.int().min(1), t }),
  /**
   * The library called HIL.SetConnectFn's callback (a TCP connect of the global
   * connection): the client id and the handshake options it handed over, before the
   * callback changed them (`user` null when unset, `keep_alive` as configured: 0 stays 0).
   */
  z.looseObject({
    ev: z.literal('connect_fn'),
    client_id: z.string(),
    user: z.string().nullable(),
    keep_alive: z.int().min(0).max(65535),
    clean: z.boolean(),
    will: z.boolean(),
    t,
  }),
  // ── HIL.RawSub (firmware hil_mqtt.c on_raw_event) ──
  /** HIL.RawSub subscribed `topic` with the raw handler. */
  z.looseObject({ ev: z.literal('raw_sub'), topic, t }),
  /**
   * The raw handler of the subscription `filter` was called with event `mg_ev` (POLL left
   * out): a PUBLISH carries its topic, QoS, packet id (QoS ≥ 1 only) and length; another
   * MQTT event its packet id; a network event (CLOSE) nothing more.
   */
  z.looseObject({
    ev: z.literal('raw_ev'),
    mg_ev: z.int().min(1),
    filter: z.string().nullable(),
    topic: z.string().optional(),
    qos: qos.optional(),
    packet_id: packetId.optional(),
    len: z.int().min(0).optional(),
    t,
  }),
]);
export type HilEvent = z.infer<typeof hilEvent>;

/** The prefix that marks an event line on the console. */
export const HIL_EVENT_PREFIX = 'HIL ';

export function formatHilEvent(event: HilEvent): string {
  return HIL_EVENT_PREFIX + JSON.stringify(event);
}
