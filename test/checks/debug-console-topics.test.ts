/**
 * debug.console-topics on synthetic timelines. Where the expectations come from:
 * mongoose-os-libs/mqtt src/mgos_mqtt.c (its MGOS_EVENT_LOG handler: "%s %u %.3lf %d|%.*s"
 * of device id, seq, mg_time(), fd or level and the bytes; QoS 0, no retain;
 * debug_use_log_level after 2.20.0) and cesanta/mongoose-os src/mgos_debug.c (the event
 * only up to debug.event_level, LL_INFO). The first timeline is the scenario in
 * scenarios/debug.spec.ts as the faithful board plays it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EDGE_MS, run as consoleTopicsCheck } from '../../harness/checks/debug/console-topics.ts';
import { formatConsolePublish } from '../../harness/contract/debug-log.ts';
import { assertNothingToJudge, assertPassCounting } from './assert-verdict.ts';
import { type Conn, DEVICE_ID, TimelineBuilder } from './builders.ts';
import { onInput } from './on-input.ts';

const check = onInput(consoleTopicsCheck);
const OUT = 'hil/debug/stdout';
const ERR = 'hil/debug/stderr';
const RPC_LINE = 'HIL.Status via UART UART0';

interface Board {
  b: TimelineBuilder;
  c: Conn;
  seq: number;
}

interface PrintOptions {
  /** What the board publishes instead of the faithful copy (null: nothing). */
  publish?: { qos?: number; retain?: boolean; level?: number; payload?: string; seq?: number; split?: boolean } | null;
}

function board(opts: { useLogLevel?: boolean } = {}): Board {
  const b = new TimelineBuilder({ mqtt: { debug_use_log_level: opts.useLogLevel ?? false } });
  const c = b.session('mqtt');
  return { b, c, seq: 0 };
}

function configure(x: Board, topics: { stdout_topic?: string; stderr_topic?: string }): void {
  x.b.wait(EDGE_MS).act({ kind: 'config', debug: topics }).wait(EDGE_MS + 100);
}

/** The board prints a log line (stderr) and, faithfully, publishes it on ERR. */
function logLine(x: Board, message: string, o: PrintOptions = {}, file = 'mg_rpc.c', line = 297): void {
  x.b.wait(20).log(message, file, line);
  const text = `${`${file}:${line}`.padEnd(24)}${message}`;
  publishCopy(x, ERR, 2, text, o);
}

/** The firmware prints an event line (stdout) and, faithfully, the library publishes it on OUT. */
function eventLine(x: Board, o: PrintOptions = {}, level = 1): void {
  const event = { ev: 'msg' as const, topic: 'hil/debug/in', len: 2, qos: 1, t: Math.round(x.b.t) };
  x.b.wait(20).hil(event);
  publishCopy(x, OUT, level, `HIL ${JSON.stringify(event)}`, o);
}

function publishCopy(x: Board, topic: string, level: number, text: string, o: PrintOptions): void {
  if (o.publish === null) return;
  const p = o.publish ?? {};
  const writes = p.split ? [text.slice(0, 24), text.slice(24), ''] : [text];
  writes.forEach((w, i) => {
    const data = p.split && i === writes.length - 1 ? '\n' : p.split ? w : `${w}\n`;
    const payload = p.payload ?? formatConsolePublish({ deviceId: DEVICE_ID, seq: p.seq ?? x.seq, timeS: 1764626400.25, level: p.level ?? level, data });
    x.seq = (p.seq ?? x.seq) + 1;
    x.b.tick().packet(x.c, 'in', 'publish', { topic, payload, payloadLength: Buffer.byteLength(payload), qos: p.qos ?? 0, dup: false, retain: p.retain ?? false });
  });
}

function end(x: Board) {
  return check(x.b.wait(EDGE_MS + 200).build());
}

/** The scenario as the faithful board plays it: topics set, an RPC line and an event line on each. */
function scenario(o: { log?: PrintOptions; event?: PrintOptions; useLogLevel?: boolean; eventLevel?: number } = {}) {
  const x = board({ useLogLevel: o.useLogLevel });
  configure(x, { stdout_topic: OUT, stderr_topic: ERR });
  logLine(x, RPC_LINE, o.log, 'mg_rpc.c', 297);
  logLine(x, 'MQTT0 sub hil/debug/in @ 1', o.log, 'mgos_mqtt_conn.c', 169);
  eventLine(x, o.event, o.eventLevel);
  return end(x);
}

describe('debug.console-topics', () => {
  it('passes the library: every line printed while connected is published on its stream\'s topic, framed, QoS 0, not retained', () => {
    // 3 publishes + 3 printed lines.
    assertPassCounting(scenario(), 6);
  });

  it('fails a board that publishes nothing on the configured topics (debug-topic-ignored)', () => {
    const v = scenario({ log: { publish: null }, event: { publish: null } });
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /never reached the broker/);
  });

  it('fails a stream left out: stdout lines not published while stderr ones are', () => {
    const v = scenario({ event: { publish: null } });
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /stdout/);
  });

  it('fails a console publish at QoS 1, or retained', () => {
    assert.match(scenario({ log: { publish: { qos: 1 } } }).reason, /QoS 0/);
    assert.match(scenario({ event: { publish: { retain: true } } }).reason, /without retain/);
  });

  it('fails a bare line without the framing, and a foreign device id', () => {
    assert.match(scenario({ log: { publish: { payload: `mg_rpc.c:297            ${RPC_LINE}\n` } } }).reason, /not framed/);
    const other = formatConsolePublish({ deviceId: 'esp32_000000', seq: 0, timeS: 1, level: 2, data: 'x\n' });
    assert.match(scenario({ log: { publish: { payload: other } } }).reason, /device id esp32_000000/);
  });

  it('fails a level field that is not the fd (debug_use_log_level off)', () => {
    assert.match(scenario({ log: { publish: { level: 0 } } }).reason, /level field 0 on stderr; expected 2/);
  });

  it('with debug_use_log_level after 2.20.0: 0 for stderr and −1 for a print on stdout', () => {
    assert.equal(scenario({ useLogLevel: true, log: { publish: { level: 0 } }, eventLevel: -1 }).verdict, 'pass');
    assert.equal(scenario({ useLogLevel: true }).verdict, 'fail');
  });

  it('release 2.20.0 has no debug_use_log_level: the fd whatever the config says', () => {
    const b = new TimelineBuilder({ mqtt: { debug_use_log_level: true } });
    const c = b.accept('mqtt', false);
    b.log(`MQTT0 connecting to ${b.mqtt.server}`).tick().log('MQTT0 TCP connect ok (0)', 'mgos_mqtt_conn.c', 186);
    b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0 }).tick().log('MQTT0 CONNACK 0', 'mgos_mqtt_conn.c', 234);
    const x: Board = { b, c, seq: 0 };
    configure(x, { stderr_topic: ERR });
    logLine(x, RPC_LINE);
    assert.equal(end(x).verdict, 'pass');
  });

  it('accepts a line split over several writes (prefix, message, newline), joined in seq order', () => {
    assert.equal(scenario({ log: { publish: { split: true } } }).verdict, 'pass');
  });

  it('fails a seq that does not grow within a boot', () => {
    const x = board();
    configure(x, { stderr_topic: ERR });
    logLine(x, RPC_LINE, { publish: { seq: 5 } });
    logLine(x, 'MQTT0 sub a @ 1', { publish: { seq: 5 } }, 'mgos_mqtt_conn.c', 169);
    assert.match(end(x).reason, /seq 5 after 5/);
  });

  it('asks nothing of lines printed before the topic was set, while offline, or at LL_DEBUG', () => {
    const x = board();
    logLine(x, 'before the topic', { publish: null });
    configure(x, { stderr_topic: ERR });
    logLine(x, RPC_LINE);
    logLine(x, 'MQTT0 pub -> 5 a @ 0 (1): [x]', { publish: null }, 'mgos_mqtt_conn.c', 155);
    x.b.wait(EDGE_MS + 100).close(x.c, 'gate');
    x.b.wait(EDGE_MS + 100);
    logLine(x, 'MQTT0 connecting after 2000 ms', { publish: null }, 'mgos_mqtt_conn.c', 527);
    assertPassCounting(end(x), 2);
  });

  it('fails an LL_DEBUG library line published on a topic (mutation 928: the level guard dropped)', () => {
    const x = board();
    configure(x, { stderr_topic: ERR });
    logLine(x, RPC_LINE);
    logLine(x, 'MQTT0 pub -> 5 hil/debug/own @ 1 (17): [debug-level-lines]', {}, 'mgos_mqtt_conn.c', 155);
    logLine(x, 'MQTT0 ack 5', {}, 'mgos_mqtt_conn.c', 246);
    const v = end(x);
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /2 LL_DEBUG library line\(s\) published on debug.stderr_topic, e.g. "mgos_mqtt_conn.c:155 +MQTT0 pub -> 5/);
  });

  it('tells where a topic was set by the board\'s own lines: after the setting Config.Set line, up to and including the unsetting one; after CONNACK 0', () => {
    // The faithful board, as the virtual one plays it at once: no time kept clear.
    const b = new TimelineBuilder();
    const c = b.accept('mqtt');
    b.tick().connect(c, 'mqtt').tick().packet(c, 'out', 'connack', { returnCode: 0 });
    const x: Board = { b, c, seq: 0 };
    b.tick().act({ kind: 'config', debug: { stderr_topic: ERR } });
    logLine(x, 'Config.Set via UART UART0', { publish: null });
    b.tick().log('MQTT0 CONNACK 0', 'mgos_mqtt_conn.c', 241); // late: no session counted before it
    logLine(x, 'MQTT0 sub a @ 1', {}, 'mgos_mqtt_conn.c', 169);
    logLine(x, RPC_LINE);
    b.tick().act({ kind: 'config', debug: { stderr_topic: '' } });
    logLine(x, 'Config.Set via UART UART0', {});
    logLine(x, 'after the unset', { publish: null });
    b.tick();
    assertPassCounting(check(b.build()), 6);
    // The same board leaving out the line printed right after the setting call is caught.
    const y = board();
    y.b.act({ kind: 'config', debug: { stderr_topic: ERR } });
    logLine(y, 'Config.Set via UART UART0', { publish: null });
    logLine(y, RPC_LINE, { publish: null });
    logLine(y, 'MQTT0 sub b @ 1', {}, 'mgos_mqtt_conn.c', 169);
    assert.match(end(y).reason, /1 of 2 line\(s\) printed on stderr/);
  });

  it('fails a PUBLISH on a console topic after it was unset', () => {
    const x = board();
    configure(x, { stderr_topic: ERR });
    logLine(x, RPC_LINE);
    configure(x, { stderr_topic: '' });
    x.b.wait(EDGE_MS * 2);
    publishCopy(x, ERR, 2, 'late', {});
    assert.match(end(x).reason, /while no console stream had it/);
  });

  it('skips a scenario that set no console topic, and one with no session while a topic was set', () => {
    const x = board();
    logLine(x, RPC_LINE, { publish: null });
    assertNothingToJudge(end(x), /debug\.stdout_topic or debug\.stderr_topic/);
    const b = new TimelineBuilder();
    b.closedPort('mqtt');
    const y: Board = { b, c: { broker: 'primary', conn: 0 }, seq: 0 };
    configure(y, { stdout_topic: OUT });
    y.b.wait(20).hil({ ev: 'sub', topic: 'a', t: 1 });
    assertNothingToJudge(end(y), /no console line/);
  });
});
