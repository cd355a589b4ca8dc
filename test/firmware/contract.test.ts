/**
 * The firmware speaks the contract in harness/contract/hil.ts: read from firmware/src,
 * the RPC methods it registers, the keys of their params, the JSON their replies print
 * and every `HIL {json}` event line it can print are checked against the same zod
 * schemas the harness and the virtual board use. The formats go through a model of
 * frozen's json_printf (json-printf.ts), not printf: a format written as printf with
 * JSON pasted in prints `""ev""` on a real board, and must fail here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as z from 'zod';
import { CONNECT_FN, cloudEventNumbers, type HilMethod, hilEvent, hilMethodNames, hilMethods, MGOS_CLOUD_MQTT, PACKET_IDS_MAX, PUBF_CASES, SET_TIME_EPOCH_MAX } from '../../harness/contract/hil.ts';
import { pubfReference } from '../../harness/model/pubf-cases.ts';
import { cStringValue, type FormatCall, formatCalls, splitArgs } from './c-calls.ts';
import { checkPrinted, printfStyle, sampleArgs } from './format-check.ts';
import { type JsonPrintfCallback, jsonAsprintf, jsonPrintf } from './json-printf.ts';

const srcDir = new URL('../../firmware/src/', import.meta.url).pathname;
const sources = readdirSync(srcDir)
  .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
  .sort()
  .map((f) => ({ file: f, text: readFileSync(join(srcDir, f), 'utf8') }));
const cFiles = sources.filter((s) => s.file.endsWith('.c'));
const allC = cFiles.map((s) => s.text).join('\n');

/** One or more adjacent C string literals, as C concatenates them. */
const C_STRINGS = String.raw`((?:"(?:[^"\\\n]|\\.)*"\s*)+)`;

function cString(literals: string): string {
  return [...literals.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string).join('');
}

/** `#define NAME "…"` in the sources. */
const defines = new Map(
  [...sources.map((s) => s.text).join('\n').matchAll(new RegExp(String.raw`#define\s+(\w+)\s+${C_STRINGS}`, 'g'))].map(
    (m) => [m[1]!, cString(m[2]!)],
  ),
);

interface Registration {
  method: string;
  argsFmt: string | null;
  handler: string;
}

const registrations: Registration[] = [
  ...allC.matchAll(/mg_rpc_add_handler\(\s*\w+\s*,\s*"([^"]+)"\s*,\s*(NULL|\w+|"(?:[^"\\]|\\.)*")\s*,\s*(\w+)/g),
].map((m) => {
  const fmt = m[2]!;
  let argsFmt: string | null = null;
  if (fmt.startsWith('"')) argsFmt = cString(fmt);
  else if (fmt !== 'NULL') {
    argsFmt = defines.get(fmt) ?? null;
    assert.ok(argsFmt !== null, `${m[1]}: args format ${fmt} is not a #define of a string in firmware/src`);
  }
  return { method: m[1]!, argsFmt, handler: m[3]! };
});

/** The body of `static void name(…) {…}` (functions close with `}` at column 0). */
function functionBody(name: string): string {
  const start = allC.search(new RegExp(String.raw`\n(?:static\s+)?\w[\w\s*]*\b${name}\(`));
  assert.ok(start >= 0, `handler ${name} not found in firmware/src`);
  const end = allC.indexOf('\n}\n', start);
  return allC.slice(start, end);
}

/** The firmware's calls whose format follows frozen's json_printf rules, all files. */
type SourceCall = FormatCall & { file: string };
const allCalls: SourceCall[] = cFiles.flatMap((s) => formatCalls(s.text).map((call) => ({ ...call, file: s.file })));
const eventCalls = allCalls.filter((c) => c.fn === 'hil_event');

/**
 * The %M printer HIL.Status passes, hil_state_print_subs, run through the model: its
 * own json_printf formats, read from its body, in the order its loop uses them (the
 * first for "[", a conditional "%Q" / ",%Q" per topic, the last for "]"). Two topics,
 * one with characters that need escaping.
 */
function subsPrinter(): JsonPrintfCallback {
  const calls = formatCalls(functionBody('hil_state_print_subs'));
  const shape = calls.map((c) => c.formats.length).join(',');
  assert.equal(shape, '1,2,1', 'hil_state_print_subs changed shape: update subsPrinter() in this test to follow it');
  const [open, each, close] = calls as [FormatCall, FormatCall, FormatCall];
  const topics = ['hil/a', 'hil/"b" \\ é'];
  return (out) => {
    let n = jsonPrintf(out, open.formats[0]!);
    topics.forEach((t, i) => {
      n += jsonPrintf(out, each.formats[i === 0 ? 0 : 1]!, t);
    });
    return n + jsonPrintf(out, close.formats[0]!);
  };
}

const printers = { hil_state_print_subs: subsPrinter() };

/** Runs `call` through the model for every format it may use and every %B value; throws what fails. */
function checkCall(call: FormatCall, schema: z.ZodType): void {
  for (const fmt of call.formats) {
    for (const bool of [true, false]) checkPrinted(fmt, sampleArgs(call, fmt, { printers, bool }), schema);
  }
}

/** The event name a hil_event call prints: its first argument, a literal for `{ev: %Q, …}`. */
function eventName(call: SourceCall): string {
  const fmt = call.formats[0]!;
  assert.ok(/^\{ev: %Q[,}]/.test(fmt), `${call.file}:${call.line}: event format "${fmt}" must start {ev: %Q`);
  const name = cStringValue(call.args[0] ?? '');
  assert.ok(name !== null, `${call.file}:${call.line}: the event name must be a string literal, not ${call.args[0]}`);
  return name;
}
test('the C sources register exactly the HIL.* methods of the contract but the HIL.JS.* ones', () => {
  // HIL.JS.* are registered by fs/init.js (js-contract.test.ts).
  const registered = registrations.map((r) => r.method).sort();
  assert.deepEqual(registered, hilMethodNames.filter((m) => !m.startsWith('HIL.JS.')).sort());
});

test('each method reads only params the contract names, and every required one', () => {
  for (const r of registrations) {
    const shape = hilMethods[r.method as HilMethod].params.shape as Record<string, z.ZodType>;
    const read = r.argsFmt === null ? [] : [...r.argsFmt.matchAll(/(\w+)\s*:/g)].map((m) => m[1]!);
    for (const key of read) {
      assert.ok(key in shape, `${r.method} reads param "${key}", which the contract does not have`);
    }
    const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
    for (const key of required) {
      assert.ok(read.includes(key), `${r.method} does not read its required param "${key}"`);
    }
  }
});

test("each method's replies are results the contract accepts", () => {
  for (const r of registrations) {
    const replies = formatCalls(functionBody(r.handler)).filter((c) => c.fn === 'mg_rpc_send_responsef');
    assert.ok(replies.length > 0, `${r.method}: ${r.handler} sends no mg_rpc_send_responsef reply`);
    for (const call of replies) {
      assert.doesNotThrow(() => checkCall(call, hilMethods[r.method as HilMethod].result), `${r.method}: line ${call.line}`);
    }
  }
});

test('the HIL.Status reply lists the subscriptions as a JSON array of strings', () => {
  const call = formatCalls(functionBody('rpc_status')).find((c) => c.fn === 'mg_rpc_send_responsef');
  assert.ok(call !== undefined, 'rpc_status sends no reply');
  const status = checkPrinted(
    call.formats[0]!,
    sampleArgs(call, call.formats[0]!, { printers, bool: true }),
    hilMethods['HIL.Status'].result,
  ) as { subs: string[]; cfg: string };
  assert.deepEqual(status.subs, ['hil/a', 'hil/"b" \\ é']);
  assert.equal(status.cfg, 'mqtt1');
});

test('the HIL.PacketIds reply and event line print as frozen json_printf prints them', () => {
  // SPEC (frozen's json_printf rules): a bare key is quoted, the text between conversions
  // is copied as written, so `{count: %d, first: %d}` prints `{"count": 65535, "first": 4}`.
  // 65535 ids from 4 on: the counter goes 4…65535, skips 0 (impl: mgos_mqtt_conn_get_packet_id), 1…3.
  const reply = formatCalls(functionBody('rpc_packet_ids')).find((c) => c.fn === 'mg_rpc_send_responsef');
  assert.ok(reply !== undefined, 'rpc_packet_ids sends no reply');
  const printed = jsonAsprintf(reply.formats[0]!, 65535, 4, 3, 0, 1);
  assert.equal(printed, '{"count": 65535, "first": 4, "last": 3, "zeros": 0, "wraps": 1}');
  assert.deepEqual(hilMethods['HIL.PacketIds'].result.parse(JSON.parse(printed)), { count: 65535, first: 4, last: 3, zeros: 0, wraps: 1 });
  const ev = eventCalls.find((c) => eventName(c) === 'packet_ids');
  assert.ok(ev !== undefined, 'the firmware prints no packet_ids event');
  const line = jsonAsprintf(ev.formats[0]!, 'packet_ids', 65535, 4, 3, 0, 1500n);
  assert.equal(line, '{"ev": "packet_ids", "count": 65535, "first": 4, "last": 3, "zeros": 0, "t": 1500}');
  assert.equal(hilEvent.parse(JSON.parse(line)).ev, 'packet_ids');
});

test('HIL.PacketIds takes a bounded count, as the firmware bounds it', () => {
  const max = /#define HIL_PACKET_IDS_MAX (\d+)/.exec(allC)?.[1];
  assert.equal(Number(max), PACKET_IDS_MAX, 'firmware HIL_PACKET_IDS_MAX and the contract disagree');
  const params = hilMethods['HIL.PacketIds'].params;
  assert.ok(params.safeParse({ count: 1 }).success && params.safeParse({ count: PACKET_IDS_MAX }).success);
  for (const bad of [{}, { count: 0 }, { count: PACKET_IDS_MAX + 1 }, { count: 1.5 }]) assert.ok(!params.safeParse(bad).success, JSON.stringify(bad));
});

test('the HIL.SetTime reply and event line print as frozen json_printf prints them', () => {
  // SPEC (frozen's json_printf rules): %lld takes an int64_t; bare keys are quoted.
  const reply = formatCalls(functionBody('rpc_set_time')).find((c) => c.fn === 'mg_rpc_send_responsef');
  assert.ok(reply !== undefined, 'rpc_set_time sends no reply');
  const printed = jsonAsprintf(reply.formats[0]!, 1n, 1780000000n);
  assert.equal(printed, '{"before": 1, "after": 1780000000}');
  assert.deepEqual(hilMethods['HIL.SetTime'].result.parse(JSON.parse(printed)), { before: 1, after: 1780000000 });
  const ev = eventCalls.find((c) => eventName(c) === 'time_set');
  assert.ok(ev !== undefined, 'the firmware prints no time_set event');
  const line = jsonAsprintf(ev.formats[0]!, 'time_set', 1n, 1780000000n, 1500n);
  assert.equal(line, '{"ev": "time_set", "before": 1, "after": 1780000000, "t": 1500}');
  assert.equal(hilEvent.parse(JSON.parse(line)).ev, 'time_set');
});

test('HIL.SetTime takes an epoch the firmware can hold in an int (json_scanf %d)', () => {
  assert.ok(/#define HIL_SET_TIME_ARGS "\{epoch: %d\}"/.test(allC), 'the firmware no longer reads epoch with %d: revisit SET_TIME_EPOCH_MAX');
  assert.equal(SET_TIME_EPOCH_MAX, 2 ** 31 - 1);
  const params = hilMethods['HIL.SetTime'].params;
  assert.ok(params.safeParse({ epoch: 0 }).success && params.safeParse({ epoch: 1780000000 }).success);
  for (const bad of [{}, { epoch: -1 }, { epoch: 2 ** 31 }, { epoch: 1.5 }]) assert.ok(!params.safeParse(bad).success, JSON.stringify(bad));
});

test('the cloud event line prints as frozen json_printf prints it, with the core\'s event numbers', () => {
  // impl (cesanta/mongoose-os include/mgos_event.h): MGOS_EVENT_SYS is 'M','O','S' shifted
  // 24/16/8; CLOUD_CONNECTED, _DISCONNECTED, _CONNECTING, _CONNECTERROR are its 5th to 8th events.
  assert.deepEqual(cloudEventNumbers, { connected: 1297044228, disconnected: 1297044229, connecting: 1297044230, connecterror: 1297044231 });
  assert.equal(MGOS_CLOUD_MQTT, 0);
  const ev = eventCalls.find((c) => eventName(c) === 'cloud');
  assert.ok(ev !== undefined, 'the firmware prints no cloud event');
  const line = jsonAsprintf(ev.formats[0]!, 'cloud', 'connecterror', 1297044231, 0, 2500n);
  assert.equal(line, '{"ev": "cloud", "name": "connecterror", "mgos_ev": 1297044231, "type": 0, "t": 2500}');
  assert.equal(hilEvent.parse(JSON.parse(line)).ev, 'cloud');
  // One handler per event, named as the contract names it; CONNECTERROR only behind the build switch.
  const handlers = [...allC.matchAll(/mgos_event_add_handler\(MGOS_EVENT_CLOUD_(\w+), on_cloud_event, \(void \*\) "(\w+)"\)/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]);
  assert.deepEqual(handlers.map(([c]) => c).sort(), Object.keys(cloudEventNumbers).sort());
  for (const [c, name] of handlers) assert.equal(name, c, `MGOS_EVENT_CLOUD_${c!.toUpperCase()} prints as "${name}"`);
  assert.match(allC, /#if HIL_CLOUD_CONNECTERROR\n\s*mgos_event_add_handler\(MGOS_EVENT_CLOUD_CONNECTERROR/);
});

/**
 * The C arguments of a HIL.Pubf case as the model takes them: string literals and NULL,
 * s_escaped (the firmware's constant), ints.
 */
function pubfArgs(text: string): Array<string | number | null> {
  const escaped = /static const char s_escaped\[\] = ((?:"(?:[^"\\\n]|\\.)*"\s*)+);/.exec(allC)?.[1];
  assert.ok(escaped !== undefined, 's_escaped not found in firmware/src');
  return splitArgs(text).map((a) => {
    const arg = a.trim();
    if (arg === 's_escaped') return cString(escaped);
    if (arg === 'NULL' || arg === '(const char *) NULL') return null;
    if (arg.startsWith('"')) return cString(arg);
    assert.match(arg, /^-?\d+$/, `HIL.Pubf argument ${arg}: the test reads only literals`);
    return Number(arg);
  });
}

test('each HIL.Pubf case: the firmware\'s format, printed by frozen\'s rules, is the payload the harness expects', () => {
  // The expected payloads are written out by hand in harness/model/pubf-cases.ts from
  // frozen's README ("json_printf()": keys auto-quoted, %B, %Q/NULL → null, %.*Q) and
  // frozen.c (json_vprintf copies `: , [ ] { }` and whitespace one for one; json_escape).
  // Here the firmware's own format and arguments go through the independent model of
  // test/firmware/json-printf.ts (itself pinned by frozen's README and unit_test.c).
  const body = functionBody('hil_mqtt_pubf');
  for (const name of PUBF_CASES) {
    const ref = pubfReference[name];
    const m = new RegExp(String.raw`strcmp\(name, "${name}"\) == 0\) \{\s*id = (\w+)\(topic, qos, retain,\s*${C_STRINGS},([^;]*)\);`).exec(body);
    assert.ok(m !== null, `hil_mqtt_pubf has no call for case "${name}"`);
    const fmt = cString(m[2]!);
    assert.equal(fmt, ref.format, `case ${name}: the firmware's format and harness/model/pubf-cases.ts disagree`);
    assert.equal(m[1], ref.via === 'mgos_mqtt_pubv' ? 'pub_through_pubv' : 'mgos_mqtt_pubf', `case ${name} goes through the wrong call`);
    assert.equal(jsonAsprintf(fmt, ...pubfArgs(m[3]!)), ref.payload, `case ${name}`);
    assert.doesNotThrow(() => JSON.parse(ref.payload), `case ${name}: frozen's output is JSON`);
  }
  assert.match(allC, /static uint16_t pub_through_pubv\([^)]*\.\.\.\) \{[^}]*mgos_mqtt_pubv\(topic, qos, retain, json_fmt, ap\)/s);
});

test('the HIL.Pubf reply and event line print as frozen json_printf prints them', () => {
  const reply = formatCalls(functionBody('rpc_pubf')).find((c) => c.fn === 'mg_rpc_send_responsef');
  assert.ok(reply !== undefined, 'rpc_pubf sends no reply');
  assert.equal(jsonAsprintf(reply.formats[0]!, 7), '{"packet_id": 7}');
  const ev = eventCalls.find((c) => eventName(c) === 'pubf');
  assert.ok(ev !== undefined, 'the firmware prints no pubf event');
  const line = jsonAsprintf(ev.formats[0]!, 'pubf', 'escapes', 7, 'hil/api/pubf', 1, 1500n);
  assert.equal(line, '{"ev": "pubf", "case": "escapes", "packet_id": 7, "topic": "hil/api/pubf", "qos": 1, "t": 1500}');
  assert.equal(hilEvent.parse(JSON.parse(line)).ev, 'pubf');
  const params = hilMethods['HIL.Pubf'].params;
  for (const bad of [{ topic: 't' }, { topic: 't', case: 'printf' }, { case: 'keys' }, { topic: 't', case: 'keys', qos: 3 }]) {
    assert.ok(!params.safeParse(bad).success, JSON.stringify(bad));
  }
});

test('HIL.SetConnectFn: its callback prints connect_fn, sets CONNECT_FN and sends the handshake itself', () => {
  // SPEC (include/mgos_mqtt_conn.h): the callback "is responsible to call
  // mg_send_mqtt_handshake_opt()"; impl (mgos_mqtt_ev, MG_EV_CONNECT): the library then
  // sends nothing itself, and with the callback NULL it sends its own handshake.
  const fn = functionBody('hil_connect_fn');
  assert.match(fn, /mg_send_mqtt_handshake_opt\(nc, client_id, \*opts\)/, 'the callback must send the handshake with the options it changed');
  assert.match(fn, /opts->user_name = HIL_CONNECT_FN_USER;/);
  assert.match(fn, /opts->keep_alive = HIL_CONNECT_FN_KEEP_ALIVE;/);
  assert.equal(defines.get('HIL_CONNECT_FN_USER'), CONNECT_FN.user, 'firmware HIL_CONNECT_FN_USER and the contract disagree');
  assert.equal(Number(/#define HIL_CONNECT_FN_KEEP_ALIVE (\d+)/.exec(sources.map((x) => x.text).join('\n'))?.[1]), CONNECT_FN.keepAliveS);
  // The event line comes before the handshake: what the library handed over, unchanged.
  assert.ok(fn.indexOf('hil_event(') < fn.indexOf('opts->user_name ='), 'connect_fn must print the options before changing them');
  const setter = functionBody('hil_mqtt_set_connect_fn');
  assert.match(setter, /mgos_mqtt_set_connect_fn\(hil_connect_fn, NULL\)/);
  assert.match(setter, /mgos_mqtt_set_connect_fn\(NULL, NULL\)/, '"off" must give the library NULL, its own CONNECT');
  const ev = eventCalls.find((c) => eventName(c) === 'connect_fn');
  assert.ok(ev !== undefined, 'the firmware prints no connect_fn event');
  const line = jsonAsprintf(ev.formats[0]!, 'connect_fn', 'esp32_A1B2C3', null, 0, 1, 0, 1500n);
  assert.equal(line, '{"ev": "connect_fn", "client_id": "esp32_A1B2C3", "user": null, "keep_alive": 0, "clean": true, "will": false, "t": 1500}');
  assert.equal(hilEvent.parse(JSON.parse(line)).ev, 'connect_fn');
  const reply = formatCalls(functionBody('rpc_set_connect_fn')).find((c) => c.fn === 'mg_rpc_send_responsef');
  assert.ok(reply !== undefined, 'rpc_set_connect_fn sends no reply');
  assert.equal(jsonAsprintf(reply.formats[0]!, 1), '{"applied": true}');
  const params = hilMethods['HIL.SetConnectFn'].params;
  for (const bad of [{}, { mode: 'maybe' }, { mode: true }]) assert.ok(!params.safeParse(bad).success, JSON.stringify(bad));
});

test('the HIL.RawSub and HIL.GlobalConn replies and the raw handler\'s lines print as frozen json_printf prints them', () => {
  // SPEC (frozen's json_printf rules): bare keys quoted, %Q escapes, %.*Q takes a length first, %B true/false.
  const raw = eventCalls.filter((c) => eventName(c) === 'raw_ev');
  assert.equal(raw.length, 4, 'on_raw_event prints a PUBLISH at QoS ≥ 1 and at QoS 0, another MQTT event and a network event');
  const [publish, publish0, mqttEvent, netEvent] = raw.map((c) => c.formats[0]!);
  const lines = [
    jsonAsprintf(publish!, 'raw_ev', 203, 'hil/raw/+', 9, 'hil/raw/x', 1, 7, 5, 1500n),
    jsonAsprintf(publish0!, 'raw_ev', 203, 'hil/raw/+', 9, 'hil/raw/y', 0, 2, 1500n),
    jsonAsprintf(mqttEvent!, 'raw_ev', 209, 'hil/raw/+', 9, 1500n),
    jsonAsprintf(netEvent!, 'raw_ev', 5, 'hil/raw/+', 1500n),
  ];
  assert.deepEqual(lines, [
    '{"ev": "raw_ev", "mg_ev": 203, "filter": "hil/raw/+", "topic": "hil/raw/x", "qos": 1, "packet_id": 7, "len": 5, "t": 1500}',
    '{"ev": "raw_ev", "mg_ev": 203, "filter": "hil/raw/+", "topic": "hil/raw/y", "qos": 0, "len": 2, "t": 1500}',
    '{"ev": "raw_ev", "mg_ev": 209, "filter": "hil/raw/+", "packet_id": 9, "t": 1500}',
    '{"ev": "raw_ev", "mg_ev": 5, "filter": "hil/raw/+", "t": 1500}',
  ]);
  for (const l of lines) assert.equal(hilEvent.parse(JSON.parse(l)).ev, 'raw_ev');
  const sub = eventCalls.find((c) => eventName(c) === 'raw_sub');
  assert.ok(sub !== undefined, 'the firmware prints no raw_sub event');
  assert.equal(jsonAsprintf(sub.formats[0]!, 'raw_sub', 'hil/raw/+', 1500n), '{"ev": "raw_sub", "topic": "hil/raw/+", "t": 1500}');
  const reply = formatCalls(functionBody('rpc_global_conn')).find((c) => c.fn === 'mg_rpc_send_responsef');
  assert.ok(reply !== undefined, 'rpc_global_conn sends no reply');
  const printed = jsonAsprintf(reply.formats[0]!, 1, 0);
  assert.equal(printed, '{"conn": true, "connected": false}');
  assert.deepEqual(hilMethods['HIL.GlobalConn'].result.parse(JSON.parse(printed)), { conn: true, connected: false });
  for (const bad of [{}, { topic: '' }, { topic: 'a', qos: 1 }]) assert.ok(!hilMethods['HIL.RawSub'].params.safeParse(bad).success, JSON.stringify(bad));
});

const contractEvents = new Set<string>(hilEvent.options.flatMap((o) => [...o.shape.ev.values] as string[]));

test('every event name in the C sources is one the contract knows', () => {
  assert.ok(eventCalls.length > 0, 'no hil_event(…) calls found in firmware/src');
  for (const call of eventCalls) {
    const ev = eventName(call);
    assert.ok(contractEvents.has(ev), `the firmware prints event "${ev}", unknown to the contract`);
  }
});

test('every event line the firmware prints is a valid contract event, with the name it was called with', () => {
  for (const call of eventCalls) {
    const ev = eventName(call);
    for (const fmt of call.formats) {
      const printed = checkPrinted(fmt, sampleArgs(call, fmt, { printers, bool: true }), hilEvent) as { ev: string };
      assert.equal(printed.ev, ev, `${call.file}:${call.line}`);
    }
  }
});

test('every json_printf-style format in the firmware is one of those checked above', () => {
  // A call outside the RPC handlers, the event emitters and the subs printer would go unchecked.
  const handlers = new Set(registrations.map((r) => r.handler));
  const checked = new Set([
    ...eventCalls,
    ...[...handlers].flatMap((h) => formatCalls(functionBody(h)).map((c) => ({ fn: c.fn, formats: c.formats }))),
    ...formatCalls(functionBody('hil_state_print_subs')),
  ].map((c) => `${c.fn} ${c.formats.join('|')}`));
  for (const call of allCalls) {
    assert.ok(checked.has(`${call.fn} ${call.formats.join('|')}`), `${call.file}:${call.line}: ${call.fn}("${call.formats[0]}") is not checked`);
  }
});

test('the check rejects a printf-style copy of every event and reply format', () => {
  // SPEC (serial-and-rpc.md, frozen's json_printf rules): keys written in quotes print
  // doubled (""ev""), which is what the real board printed before this firmware was fixed.
  const replies = registrations.flatMap((r) =>
    formatCalls(functionBody(r.handler))
      .filter((c) => c.fn === 'mg_rpc_send_responsef' && c.formats[0] !== '{}')
      .map((call) => ({ call, schema: hilMethods[r.method as HilMethod].result as z.ZodType })),
  );
  const cases = [...eventCalls.map((call) => ({ call, schema: hilEvent as z.ZodType })), ...replies];
  assert.ok(cases.length >= eventCalls.length + 4, 'expected the event formats and the non-empty replies');
  for (const { call, schema } of cases) {
    const copy = printfStyle(call, call.formats[0]!);
    assert.match(copy.fmt, /^\{"\w+":/, `the copy of ${call.formats[0]} is not printf-style: ${copy.fmt}`);
    const copied = { ...call, formats: [copy.fmt], args: copy.args };
    const args = sampleArgs(copied, copy.fmt, { printers, bool: true });
    assert.match(jsonAsprintf(copy.fmt, ...args), /^\{""\w+"":/, copy.fmt);
    assert.throws(() => checkPrinted(copy.fmt, args, schema), /is not JSON/, `the check accepted the printf-style ${copy.fmt}`);
  }
});

test('a printf-style copy of the boot line prints what the real board printed', () => {
  // SPEC: the firmware built with the real frozen printed HIL {""ev"":""boot"",""t"":250,…}
  const boot = eventCalls.find((c) => eventName(c) === 'boot');
  assert.ok(boot !== undefined, 'no boot line in firmware/src');
  const copy = printfStyle(boot, boot.formats[0]!);
  assert.equal(copy.fmt, '{"ev":"boot","t":%lld,"fw_id":%Q}');
  assert.ok(jsonAsprintf(copy.fmt, 250n, 'fw').startsWith('{""ev"":""boot"",""t"":250,'));
});

test('the firmware prints the events the harness relies on', () => {
  const printed = new Set(eventCalls.map(eventName));
  for (const ev of ['boot', 'connack', 'close', 'puback', 'pubrec', 'pubcomp', 'unsuback', 'msg', 'pub', 'sub', 'unsub']) {
    assert.ok(printed.has(ev), `the firmware never prints a "${ev}" event`);
  }
});
