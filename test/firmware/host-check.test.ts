/**
 * The firmware's host check: firmware/src compiles with the host C compiler against the
 * minimal Mongoose OS headers in firmware/host-check/include and links against
 * firmware/host-check/stubs.c and json.c, which define exactly what the real libraries
 * define. So a firmware that calls an API the library only declares —
 * mgos_mqtt_set_max_qos, defined nowhere since the library's 2020 refactor — fails here
 * as it fails in `mos build`.
 *
 * Then it runs: driver.c boots the firmware and drives every HIL.* method and every
 * MQTT event through the handlers the firmware registered; json.c prints by frozen's
 * json_printf rules. Every `HIL {json}` line and every RPC reply printed must parse
 * against harness/contract/hil.ts. The negative tests prove that both checks bite.
 */
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CONNECT_FN, HIL_EVENT_PREFIX, type HilMethod, hilEvent, hilMethodNames, hilMethods, PUBF_CASES } from '../../harness/contract/hil.ts';
import { pubfReference } from '../../harness/model/pubf-cases.ts';

const root = new URL('../../', import.meta.url).pathname;
const srcDir = join(root, 'firmware/src');
const includeDir = join(root, 'firmware/host-check/include');
const stubs = join(root, 'firmware/host-check/stubs.c');
/** The fake libraries: stubs.c for Mongoose OS, json.c for frozen, driver.c for the platform (main). */
const libraries = [stubs, join(root, 'firmware/host-check/json.c'), join(root, 'firmware/host-check/driver.c')];
// HIL_CLOUD_CONNECTERROR=1: the host headers have the core's enum after 2.20.0, so the CONNECTERROR branch compiles too.
const cflags = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-DHIL_CLOUD_CONNECTERROR=1', '-I', includeDir];

const work = mkdtempSync(join(tmpdir(), 'mgos-hil-host-check-'));
after(() => rmSync(work, { recursive: true, force: true }));

function cc(args: string[]): SpawnSyncReturns<string> {
  const result = spawnSync('cc', args, { cwd: root, encoding: 'utf8' });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    assert.fail(
      'cc not found: the firmware host check needs a C compiler on PATH. ' +
        'Install gcc (Debian/Ubuntu: sudo apt-get install gcc) and run the tests again.',
    );
  }
  if (result.error) throw result.error;
  return result;
}

function output(r: SpawnSyncReturns<string>): string {
  return `exit ${r.status}\n${r.stdout}${r.stderr}`;
}

function firmwareSources(dir = srcDir): string[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => join(dir, f));
  assert.ok(files.length > 0, `no C sources in ${dir}`);
  return files;
}

/** A firmware entry point that sets the max QoS the way `body` does. */
function writeApp(name: string, body: string): string {
  const path = join(work, name);
  writeFileSync(
    path,
    [
      '#include "mgos.h"',
      '#include "mgos_mqtt.h"',
      'enum mgos_app_init_result mgos_app_init(void) {',
      `  ${body}`,
      '  return MGOS_APP_INIT_SUCCESS;',
      '}',
      '',
    ].join('\n'),
  );
  return path;
}

const UNDEFINED_SET_MAX_QOS = /undefined (?:reference to [`'"]?|symbol:? ?)_?mgos_mqtt_set_max_qos\b/;

test('firmware/src compiles without warnings and links against what the real libraries define', () => {
  const exe = join(work, 'firmware-host');
  const r = cc([...cflags, ...firmwareSources(), ...libraries, '-o', exe]);
  assert.equal(r.status, 0, `the firmware does not build on the host:\n${output(r)}`);
});

test('a firmware calling mgos_mqtt_set_max_qos compiles but does not link', () => {
  const app = writeApp('calls-set-max-qos.c', 'mgos_mqtt_set_max_qos(0);');
  const obj = join(work, 'calls-set-max-qos.o');
  // Compiling succeeds: the header declares the function, as the real one does …
  const compiled = cc([...cflags, '-c', app, '-o', obj]);
  assert.equal(compiled.status, 0, `the probe should compile:\n${output(compiled)}`);
  // … and linking fails, because nothing defines it.
  const linked = cc([...cflags, obj, ...libraries, '-o', join(work, 'calls-set-max-qos')]);
  assert.notEqual(linked.status, 0, 'linking a call to mgos_mqtt_set_max_qos succeeded: the stubs define it, so the check proves nothing');
  assert.match(linked.stderr, UNDEFINED_SET_MAX_QOS, `the link failed for another reason:\n${output(linked)}`);
});

test('the same probe through mgos_mqtt_conn_set_max_qos links (control for the test above)', () => {
  const app = writeApp(
    'uses-conn-route.c',
    'mgos_mqtt_conn_set_max_qos(mgos_mqtt_conn_from_nc(mgos_mqtt_get_global_conn()), 0);',
  );
  const r = cc([...cflags, app, ...libraries, '-o', join(work, 'uses-conn-route')]);
  assert.equal(r.status, 0, `the working route should link:\n${output(r)}`);
});

interface HostRun {
  /** Every line the firmware and the fakes printed. */
  lines: string[];
  /** What does not fit the contract, one sentence per line that does not. */
  problems: string[];
  events: Array<{ ev: string } & Record<string, unknown>>;
  results: Array<{ method: HilMethod; result: Record<string, unknown> }>;
  errors: Array<{ method: HilMethod; code: number; message: string }>;
  /** What the fake mgos_mqtt_pubv formatted (stderr: `fake mgos_mqtt_pubv <topic>: <payload>`), in call order. */
  pubfPayloads: string[];
  /** Every CONNECT the fake handshake sent (stderr: `fake CONNECT client_id=… user=… keep_alive=… clean=…`), in order. */
  connects: string[];
}

/** Builds firmware sources in `dir` with the fake libraries, runs the driver and judges each printed line. */
function buildAndRun(dir: string, name: string): HostRun {
  const exe = join(work, name);
  const built = cc([...cflags, ...firmwareSources(dir), ...libraries, '-o', exe]);
  assert.equal(built.status, 0, `the firmware does not build on the host:\n${output(built)}`);
  const ran = spawnSync(exe, [], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(ran.status, 0, `the host run failed:\n${output(ran)}`);
  const pubfPayloads = [...ran.stderr.matchAll(/^fake mgos_mqtt_pubv \S+: (.*)$/gm)].map((m) => m[1]!);
  const connects = [...ran.stderr.matchAll(/^fake CONNECT (.*)$/gm)].map((m) => m[1]!);
  const run: HostRun = { lines: ran.stdout.split('\n').filter((l) => l !== ''), problems: [], events: [], results: [], errors: [], pubfPayloads, connects };
  for (const line of run.lines) judgeLine(line, run);
  return run;
}

function parseJson(text: string, line: string, run: HostRun): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    run.problems.push(`not JSON (${(err as Error).message}): ${line}`);
    return undefined;
  }
}


function judgeLine(line: string, run: HostRun): void {
  if (line.startsWith(HIL_EVENT_PREFIX)) {
    const json = parseJson(line.slice(HIL_EVENT_PREFIX.length), line, run);
    if (json === undefined) return;
    const event = hilEvent.safeParse(json);
    if (event.success) run.events.push(event.data as HostRun['events'][number]);
    else run.problems.push(`not a contract event (${event.error.message}): ${line}`);
    return;
  }
  const rpc = /^RPC (\S+) (.*)$/.exec(line);
  if (rpc === null || !(hilMethodNames as string[]).includes(rpc[1]!)) {
    run.problems.push(`neither an event line nor a reply: ${line}`);
    return;
  }
  const method = rpc[1] as HilMethod;
  const frame = parseJson(rpc[2]!, line, run) as { result?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  if (frame === undefined) return;
  if (frame.error !== undefined) {
    const { code, message } = frame.error;
    if (typeof code === 'number' && typeof message === 'string') run.errors.push({ method, code, message });
    else run.problems.push(`an error without a numeric code and a string message: ${line}`);
    return;
  }
  const result = hilMethods[method].result.safeParse(frame.result);
  if (result.success) run.results.push({ method, result: result.data as Record<string, unknown> });
  else run.problems.push(`not a ${method} result (${result.error.message}): ${line}`);
}

let firmwareRun: HostRun | undefined;
function firmware(): HostRun {
  firmwareRun ??= buildAndRun(srcDir, 'firmware-run');
  return firmwareRun;
}

test('run on the host, the firmware prints only contract events and contract replies', () => {
  const run = firmware();
  assert.deepEqual(run.problems, [], `lines the harness could not use:\n${run.problems.join('\n')}`);
  const printed = new Set(run.events.map((e) => e.ev));
  for (const ev of ['boot', 'connack', 'close', 'puback', 'pubrec', 'pubcomp', 'unsuback', 'msg', 'pub', 'sub', 'unsub', 'packet_ids', 'time_set', 'cloud', 'pubf', 'connect_fn', 'raw_sub', 'raw_ev']) {
    assert.ok(printed.has(ev), `the driver saw no "${ev}" line: driver.c should provoke one`);
  }
  // The driver triggers each cloud event once (CONNECTING twice): one line each, its number and MGOS_CLOUD_MQTT.
  const cloud = run.events.filter((e) => e.ev === 'cloud');
  assert.deepEqual(cloud.map((e) => [e.name, e.mgos_ev, e.type]), [
    ['connecting', 1297044230, 0], ['connecterror', 1297044231, 0], ['connecting', 1297044230, 0],
    ['connected', 1297044228, 0], ['disconnected', 1297044229, 0],
  ]);
  // Three HIL.Pub and five HIL.Pubf took ids 1–8; 65535 more from the fake's counter run
  // 9…65535, then 1…8 (the fake wraps 65535 → 1 as mgos_mqtt.h says; it has no queue to skip).
  assert.deepEqual(run.results.find((r) => r.method === 'HIL.PacketIds')?.result, { count: 65535, first: 9, last: 8, zeros: 0, wraps: 1 });
  // The HIL.Pubf cases, in driver.c's order, through real C varargs (mgos_mqtt_pubf's `...`
  // and the firmware's own va_list wrapper for mgos_mqtt_pubv) into json.c, the host
  // check's frozen: the payloads harness/model/pubf-cases.ts writes out from frozen's rules.
  assert.deepEqual(run.pubfPayloads, PUBF_CASES.map((c) => pubfReference[c].payload));
  // HIL.JS.* are fs/init.js's (mJS, not built on the host): js-contract.test.ts runs them.
  for (const m of hilMethodNames.filter((name) => !name.startsWith('HIL.JS.'))) {
    assert.ok(run.results.some((r) => r.method === m), `no ${m} result was printed`);
  }
  // The fake's wall clock starts at 0 with the uptime, as an ESP32's without SNTP does.
  assert.deepEqual(run.results.find((r) => r.method === 'HIL.SetTime')?.result, { before: 1, after: 1780000000 });
  // Three TCP connects (driver.c): the library's own CONNECT; with HIL.SetConnectFn on, the
  // callback's (one connect_fn line with the options it was handed, then CONNECT_FN's user
  // name and keep-alive, the rest as the library built it); off again, the library's own.
  assert.deepEqual(run.connects, [
    'client_id=esp32_host01 user=(none) keep_alive=60 clean=1',
    `client_id=esp32_host01 user=${CONNECT_FN.user} keep_alive=${CONNECT_FN.keepAliveS} clean=1`,
    'client_id=esp32_host01 user=(none) keep_alive=60 clean=1',
  ]);
  assert.deepEqual(run.events.filter((e) => e.ev === 'connect_fn').map(({ t: _t, ...e }) => e), [
    { ev: 'connect_fn', client_id: 'esp32_host01', user: null, keep_alive: 60, clean: true, will: false },
  ]);
  assert.deepEqual(run.results.filter((r) => r.method === 'HIL.SetConnectFn').map((r) => r.result), [{ applied: true }, { applied: true }]);
  // The raw handler's lines, one per call, with the filter it was subscribed with: the
  // SUBACK's packet id, a PUBLISH's topic, QoS, id (QoS ≥ 1 only) and length, and an event the library
  // never passes a subscription (driver.c's CLOSE, for the format) with neither.
  const filter = 'hil/raw/"q"';
  assert.deepEqual(run.events.filter((e) => e.ev === 'raw_ev').map(({ t: _t, ...e }) => e), [
    { ev: 'raw_ev', mg_ev: 209, filter, packet_id: 9 },
    { ev: 'raw_ev', mg_ev: 203, filter, topic: filter, qos: 1, packet_id: 10, len: 7 },
    { ev: 'raw_ev', mg_ev: 203, filter, topic: filter, qos: 0, len: 0 },
    { ev: 'raw_ev', mg_ev: 5, filter },
  ]);
  // HIL.GlobalConn with the socket up, then after it closed.
  assert.deepEqual(run.results.filter((r) => r.method === 'HIL.GlobalConn').map((r) => r.result), [{ conn: true, connected: true }, { conn: false, connected: false }]);
  // driver.c sends twenty requests with bad params; each is error 400 naming the method.
  assert.equal(run.errors.length, 20, run.lines.join('\n'));
  for (const e of run.errors) {
    assert.equal(e.code, 400);
    assert.ok(e.message.startsWith(`${e.method}: `), e.message);
  }
});

test('run on the host, values reach the harness intact through escaping', () => {
  // The inputs are driver.c's: uptime 250 ms at boot, the fakes' fw_id, a payload with
  // quotes, a backslash and é, a topic with quotes and a backslash.
  const run = firmware();
  assert.deepEqual(run.events[0], { ev: 'boot', t: 250, fw_id: '2026-12-01T00:00:00Z/host-check' });
  const payload = 'hello "board" \\ é';
  const msg = run.events.find((e) => e.ev === 'msg' && e.topic === 'hil/a');
  assert.deepEqual(msg, { ev: 'msg', topic: 'hil/a', msg: payload, len: Buffer.byteLength(payload), qos: 1, packet_id: 7, t: 1500 });
  assert.ok(run.events.some((e) => e.ev === 'msg' && e.topic === 'hil/"q" \\ b' && e.msg === 'tab\there'));
  const statuses = run.results.filter((r) => r.method === 'HIL.Status').map((r) => r.result);
  assert.equal(statuses.length, 3);
  // HIL.RawSub's subscription is one of the library's too.
  assert.deepEqual(statuses[1]!.subs, ['hil/early', 'hil/a', 'hil/"q" \\ b', 'hil/zero', 'hil/raw/"q"']);
  assert.equal(statuses[1]!.connected, true);
  assert.deepEqual(statuses[2]!.subs, ['hil/early', 'hil/"q" \\ b', 'hil/zero', 'hil/raw/"q"']);
  assert.equal(statuses[2]!.reconnect_timeout_ms, -1);
});

/** A copy of firmware/src with `from` replaced by `to` in `file`. */
function firmwareCopy(name: string, file: string, from: string, to: string): string {
  const dir = join(work, `${name}-src`);
  cpSync(srcDir, dir, { recursive: true });
  const text = readFileSync(join(dir, file), 'utf8');
  assert.ok(text.includes(from), `${file} no longer contains ${from}: update this test`);
  writeFileSync(join(dir, file), text.replace(from, to));
  return dir;
}

test('a firmware with a printf-style event format fails the host run', () => {
  // SPEC (serial-and-rpc.md, frozen's json_printf rules): such a format prints ""ev"" on a board.
  const dir = firmwareCopy(
    'printf-style-event',
    'hil_mqtt.c',
    'hil_event("{ev: %Q, t: %lld}", "close", hil_uptime_ms());',
    'hil_event("{\\"ev\\":\\"close\\",\\"t\\":%lld}", hil_uptime_ms());',
  );
  const run = buildAndRun(dir, 'printf-style-event');
  assert.equal(run.problems.length, 1, run.problems.join('\n'));
  assert.match(run.problems[0]!, /^not JSON .*: HIL \{""ev"":""close"",""t"":4000\}$/);
});

test('a firmware with a printf-style reply format fails the host run', () => {
  const dir = firmwareCopy('printf-style-reply', 'hil_rpc.c', '"{packet_id: %d}"', '"{\\"packet_id\\":%d}"');
  const run = buildAndRun(dir, 'printf-style-reply');
  assert.equal(run.problems.length, 3, run.problems.join('\n'));
  for (const p of run.problems) assert.match(p, /^not JSON .*: RPC HIL\.Pub \{"result": \{""packet_id"":\d+\}\}$/);
});
