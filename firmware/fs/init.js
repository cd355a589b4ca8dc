// The test firmware's JS side: HIL.JS.* RPC methods that drive the MQTT library's mJS
// API (the library's api_mqtt.js) exactly as an application script would, and print one
// `HIL {json}` line per call and per callback, like the C side (contract:
// harness/contract/hil.ts, checked by test/firmware/js-contract.test.ts).
//
// mJS rules this file keeps to (cesanta/mjs): no closures, so callbacks reach their state
// through globals or userdata; `===` only. `print` writes each argument followed by a
// space and turns every byte that is not printable ASCII into `\xNN`, so an event line
// is valid JSON only while its strings are printable ASCII: the contract limits the
// JS methods' strings to that.
load('api_mqtt.js');
load('api_rpc.js');
load('api_sys.js');

let HilJs = {
  // The event handler is added to the library once: mgos_mqtt_add_global_handler keeps
  // every handler it is given, so a second one would print every event twice.
  handlerSet: false,

  // Device uptime in ms, the C events' `t` (mgos_uptime is in seconds).
  now: function() {
    return Sys.uptime() * 1000;
  },

  event: function(e) {
    print('HIL ' + JSON.stringify(e));
  },

  bad: function(method, what) {
    return { error: 400, message: method + ': ' + what };
  },

  isQos: function(q) {
    return q === 0 || q === 1 || q === 2;
  },

  // MQTT.sub's handler: (conn, topic, message, userdata); only PUBLISH reaches it.
  onMessage: function(conn, topic, msg, ud) {
    HilJs.event({ ev: 'js_msg', topic: topic, msg: msg, len: msg.length, t: HilJs.now() });
  },

  // MQTT.setEventHandler's handler: (conn, ev, edata, userdata). POLL (ev 0) comes
  // several times a second and is left out, as in the library's own example.
  onEvent: function(conn, ev, edata, ud) {
    if (ev === 0) return;
    HilJs.event({ ev: 'js_event', mg_ev: ev, t: HilJs.now() });
  },
};

RPC.addHandler('HIL.JS.Pub', function(args) {
  if (typeof(args) !== 'object' || args === null) return HilJs.bad('HIL.JS.Pub', 'params must be an object');
  if (typeof(args.topic) !== 'string' || args.topic === '') return HilJs.bad('HIL.JS.Pub', 'topic must be a non-empty string');
  if (typeof(args.message) !== 'string') return HilJs.bad('HIL.JS.Pub', 'message must be a string');
  if (typeof(args.qos) !== 'undefined' && !HilJs.isQos(args.qos)) return HilJs.bad('HIL.JS.Pub', 'qos must be 0, 1 or 2');
  if (typeof(args.retain) !== 'undefined' && typeof(args.retain) !== 'boolean') return HilJs.bad('HIL.JS.Pub', 'retain must be true or false');
  // MQTT.pub's own defaults apply to a missing qos (0) and retain (false).
  let result = MQTT.pub(args.topic, args.message, args.qos, args.retain);
  HilJs.event({ ev: 'js_pub', result: result, topic: args.topic, qos: args.qos || 0, t: HilJs.now() });
  return { result: result };
}, null);

RPC.addHandler('HIL.JS.Sub', function(args) {
  if (typeof(args) !== 'object' || args === null) return HilJs.bad('HIL.JS.Sub', 'params must be an object');
  if (typeof(args.topic) !== 'string' || args.topic === '') return HilJs.bad('HIL.JS.Sub', 'topic must be a non-empty string');
  MQTT.sub(args.topic, HilJs.onMessage, null);
  HilJs.event({ ev: 'js_sub', topic: args.topic, t: HilJs.now() });
  return {};
}, null);

RPC.addHandler('HIL.JS.IsConnected', function(args) {
  return { connected: MQTT.isConnected() };
}, null);

RPC.addHandler('HIL.JS.SetEventHandler', function(args) {
  let added = !HilJs.handlerSet;
  if (added) {
    MQTT.setEventHandler(HilJs.onEvent, null);
    HilJs.handlerSet = true;
  }
  return { added: added };
}, null);
