/**
 * Real console captures of Mongoose OS boards (test/serial/fixtures/, each naming its
 * source in its header) fed byte by byte, in chunks of every awkward size, through the
 * line splitter and the classifier, exactly as the serial link does. Expected values are
 * read off the captures themselves; the formats they follow are cited where asserted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyLine } from '../../harness/serial/classify.ts';
import { LineSplitter } from '../../harness/serial/line-splitter.ts';
import type { BannerLine, SerialLine, SerialLineOf, SerialLineType } from '../../harness/serial/serial-line.ts';
import { mulberry32 } from '../../harness/virtual/random.ts';
import { loadCapture } from './capture.ts';

type Chunking = { name: string; sizes: (random: () => number) => number };
const chunkings: Chunking[] = [
  { name: 'one read', sizes: () => Number.MAX_SAFE_INTEGER },
  { name: '1-byte reads', sizes: () => 1 },
  { name: '7-byte reads', sizes: () => 7 },
  { name: '16-byte reads', sizes: () => 16 },
  { name: 'random reads of 1..64 bytes', sizes: (r) => 1 + Math.floor(r() * 64) },
];

/** What the serial link does with a port's bytes: split into lines, classify each. */
function feed(bytes: Buffer, chunking: Chunking, seed = 7): SerialLine[] {
  const splitter = new LineSplitter();
  const random = mulberry32(seed);
  const out: SerialLine[] = [];
  let t = 0;
  for (let at = 0, reads = 0; at < bytes.length && reads < 1_000_000; reads++) {
    const n = Math.min(chunking.sizes(random), bytes.length - at);
    for (const raw of splitter.push(bytes.subarray(at, at + n), ++t).lines) out.push(classifyLine(raw));
    at += n;
  }
  assert.equal(splitter.bufferedBytes, 0, 'every line of a capture ends with \\n: nothing is left over');
  return out;
}

/** The same lines, whatever the reads were: the classification does not depend on chunking. */
function feedEveryWay(bytes: Buffer): SerialLine[] {
  const strip = (lines: SerialLine[]) => lines.map(({ t: _t, ...rest }) => rest);
  const reference = feed(bytes, chunkings[0]!);
  for (const chunking of chunkings.slice(1)) {
    assert.deepEqual(strip(feed(bytes, chunking)), strip(reference), `classified differently with ${chunking.name}`);
  }
  return reference;
}

function bytesOf(lines: string[], ending = '\n'): Buffer {
  return Buffer.from(lines.map((l) => l + ending).join(''), 'utf8');
}

function only<T extends SerialLineType>(lines: SerialLine[], type: T): SerialLineOf<T>[] {
  return lines.filter((l): l is SerialLineOf<T> => l.type === type);
}

function find<T extends SerialLineType>(lines: SerialLine[], type: T, text: RegExp): SerialLineOf<T> {
  const hit = only(lines, type).find((l) => text.test(l.text));
  assert.ok(hit, `no ${type} line matching ${text} in ${JSON.stringify(lines.map((l) => [l.type, l.text]), null, 1)}`);
  return hit;
}

const isRebootMarker = (l: SerialLine): l is BannerLine => l.type === 'banner' && l.reboot;

// ── ESP32, Mongoose OS 2.15.0 (R0G-DEV/espcam-app-mos README) ──────────────────────
const espcam = loadCapture('espcam-esp32-2.15.0-boot.txt');
// The ROM ends its lines with \r\n (serial-and-rpc.md "The line"); its lines run up to
// the first ESP-IDF bootloader line.
const romCount = espcam.lines.findIndex((l) => l.includes('I (28) boot:'));
const espcamBytes = Buffer.concat([bytesOf(espcam.lines.slice(0, romCount), '\r\n'), bytesOf(espcam.lines.slice(romCount))]);

test('ESP32 2.15.0 boot: the banner comes through the logger, and its Mongoose OS line marks the boot', () => {
  const lines = feedEveryWay(espcamBytes);
  assert.equal(lines.length, espcam.lines.length, 'one classified line per captured line');
  const markers = lines.filter(isRebootMarker);
  assert.equal(markers.length, 1, 'exactly one boot');
  assert.deepEqual(
    { value: markers[0]!.value, source: markers[0]!.source },
    { value: '2.15.0 (20190809-150242/2.15.0-g787ac38)', source: { file: 'mgos_freertos.c', line: 177 } },
  );
  const fields = only(lines, 'banner').map((l) => l.field);
  assert.deepEqual(fields, [
    'rom-date', 'rom-reset', 'rom-boot', 'rom-boot', 'rom-boot', 'rom-load', 'rom-load', 'rom-load', 'rom-load', 'rom-load',
    'app', 'mongoose-os', 'cpu', 'newlib', 'esp-idf', 'boot-partition', 'mac', 'wdt',
  ]);
  const app = find(lines, 'banner', /espcam-master/);
  assert.deepEqual([app.field, app.value, app.source], ['app', 'espcam-master 1.0 (20190809-150244/gfa27005-master-dirty)', { file: 'mgos_freertos.c', line: 175 }]);
  assert.equal(find(lines, 'banner', /MAC: /).value, 'cc:50:e3:96:54:e8');
  assert.equal(find(lines, 'banner', /ESP-IDF v3.2-r7$/).value, 'v3.2-r7', 'the Mongoose OS ESP-IDF line, not the bootloader one');
});

test('ESP32 2.15.0 boot: ROM lines ending in \\r\\n lose the \\r; nothing is noise', () => {
  const lines = feedEveryWay(espcamBytes);
  assert.equal(lines[0]!.text, 'ets Jun  8 2016 00:22:57');
  assert.equal(lines[1]!.text, '', 'the ROM prints an empty line after its date');
  assert.ok(lines.every((l) => !l.text.includes('\r')));
  assert.deepEqual(only(lines, 'noise'), []);
  // Plain text is only the two blank lines before the banner (and the ROM's one).
  assert.deepEqual(only(lines, 'text').map((l) => l.text), ['', '', '']);
});

test('ESP32 2.15.0 boot: a cut basename with a leading space, and rpc-uart opening its channel', () => {
  const lines = feedEveryWay(espcamBytes);
  const channel = find(lines, 'log', /mgos_rpc_channel_ua:313/);
  assert.deepEqual([channel.file, channel.line, channel.message], ['mgos_rpc_channel_ua', 313, '0x3ffbb1f0 UART0']);
  assert.equal(channel.text, ' mgos_rpc_channel_ua:313 0x3ffbb1f0 UART0', 'the line as received, leading space kept');
  const open = find(lines, 'log', /CHAN OPEN/);
  assert.deepEqual([open.file, open.line, open.message], ['mg_rpc.c', 470, '0x3ffbb1f0 CHAN OPEN (UART UART0)']);
  assert.equal(open.rpcRequest, undefined, 'a channel opening is not a request');
  const deps = only(lines, 'log').filter((l) => /^init \S+\.\.\.$/.test(l.message)).map((l) => l.message);
  assert.deepEqual(deps, ['init i2c...', 'init atca...', 'init espcam...', 'init mbedtls...', 'init rpc-common...', 'init rpc-uart...', 'init spi...', 'init wifi...']);
});

test('ESP32 2.15.0 boot: ESP-IDF lines glued to printf output are found after it', () => {
  const lines = feedEveryWay(espcamBytes);
  const camera = find(lines, 'idf', /^initializing Camera/);
  assert.deepEqual(
    { before: camera.before, level: camera.level, ms: camera.ms, tag: camera.tag, message: camera.message },
    { before: 'initializing Camera', level: 'D', ms: 627, tag: 'camera', message: 'Enabling XCLK output' },
  );
  const nvs = find(lines, 'idf', /^Camera Init Failed/);
  assert.deepEqual([nvs.before, nvs.tag, nvs.ms, nvs.message], ['Camera Init Failed', 'nvs', 1027, 'nvs_open_from_partition misc 1']);
  const idf = only(lines, 'idf');
  assert.equal(idf.length, 17);
  assert.equal(idf.filter((l) => l.before === undefined).length, 15, 'the others start their own line');
  const colours = find(lines, 'idf', /Camera init failed with error/);
  assert.deepEqual([colours.level, colours.tag, colours.message], ['E', 'camera', 'Camera init failed with error 0x105']);
});

test('an ESP-IDF line split across two reads is one line, stamped when its \\n arrives', () => {
  const line = espcam.lines.find((l) => l.startsWith('I (1047) wifi: wifi driver task'))!;
  const bytes = Buffer.from(`${line}\n`);
  for (let cut = 1; cut < bytes.length; cut++) {
    const splitter = new LineSplitter();
    assert.deepEqual(splitter.push(bytes.subarray(0, cut), 1).lines, [], `nothing is complete before the \\n (cut at ${cut})`);
    const done = splitter.push(bytes.subarray(cut), 2).lines;
    assert.equal(done.length, 1);
    const got = classifyLine(done[0]!);
    assert.equal(got.t, 2);
    assert.equal(got.type === 'idf' && got.message, 'wifi driver task: 3ffbbb4c, prio:23, stack:3584, core=0');
  }
});

test('a reboot is seen as a new banner: the same boot twice is two boots', () => {
  // A reset replays the ROM, bootloader and banner; between the two, the board's own lines.
  const running = espcam.lines.slice(-6);
  const lines = feedEveryWay(Buffer.concat([espcamBytes, bytesOf(running), espcamBytes]));
  const markers = lines.filter(isRebootMarker);
  assert.equal(markers.length, 2);
  assert.ok(lines.indexOf(markers[0]!) < lines.findIndex((l) => l.text.includes('wifi firmware version')));
});

// ── ESP8266, Mongoose OS master 2020-08 (mongoose-os-apps/example-bh1750 README) ───
const bh1750 = loadCapture('bh1750-esp8266-boot-and-rpc.txt');

test('ESP8266 boot: banner through the logger, Init done, a cut basename without a leading space', () => {
  const lines = feedEveryWay(bytesOf(bh1750.lines));
  const markers = lines.filter(isRebootMarker);
  assert.equal(markers.length, 1);
  assert.equal(markers[0]!.value, '6571430 (20200823-224013/g6571430-master)');
  assert.deepEqual(
    only(lines, 'banner').map((l) => [l.field, l.value]),
    [
      ['app', 'example-bh1750 1.0.0 (20200823-224013)'],
      ['mongoose-os', '6571430 (20200823-224013/g6571430-master)'],
      ['cpu', 'ESP8266EX, 160 MHz, RAM: 53792 total, 50732 free'],
      ['init-done', 'RAM: 53792 total, 46004 free, 46016 min free'],
      ['init-done', 'RAM: 53792 total, 47408 free, 47064 min free'],
    ],
  );
  const i2c = find(lines, 'log', /I2C GPIO init ok/);
  assert.deepEqual([i2c.file, i2c.line], ['mgos_i2c_gpio_maste', 248]);
  const uart = find(lines, 'log', /UART0$/);
  assert.deepEqual([uart.file, uart.line, uart.message], ['mgos_rpc_channel_ua', 313, '0x3fff031c UART0']);
  assert.equal(find(lines, 'log', /WiFi STA: ready/).message, 'WiFi STA: ready, IP 192.168.11.224, GW 192.168.11.1, DNS 192.168.11.1');
  assert.equal(lines.filter((l) => l.type !== 'log' && l.type !== 'banner').length, 0, 'every line is a log line');
});

test('rpc-common logs each request it hands to a handler: "<method> via <channel> <info>"', () => {
  const lines = feedEveryWay(bytesOf(bh1750.lines));
  const requests = only(lines, 'log').filter((l) => l.rpcRequest);
  assert.equal(requests.length, 1, 'the one RPC call of the capture, and nothing else');
  assert.deepEqual(requests[0]!.rpcRequest, { method: 'BH1750.SetConfig', channel: 'HTTP', info: '192.168.11.45:52104' });
  assert.equal(requests[0]!.message, 'BH1750.SetConfig via HTTP 192.168.11.45:52104', 'still a log line with its message');
});

test('the same line over the UART: "Sys.GetInfo via UART UART0", between other lines', () => {
  // rpc-common 2.20.0 mg_rpc.c prints "%.*s via %s %s" with the channel's type and info;
  // rpc-uart's are "UART" and "UART0", as its CHAN OPEN line shows ("(UART UART0)" in
  // the espcam capture). The line number is 2.20.0's; only the message is matched.
  const line = 'mg_rpc.c:314            Sys.GetInfo via UART UART0';
  const neighbours = [bh1750.lines[12]!, line, bh1750.lines[13]!];
  const lines = feedEveryWay(bytesOf(neighbours));
  assert.deepEqual(lines.map((l) => l.type), ['log', 'log', 'log']);
  const got = lines[1] as SerialLineOf<'log'>;
  assert.deepEqual([got.file, got.line, got.message], ['mg_rpc.c', 314, 'Sys.GetInfo via UART UART0']);
  assert.deepEqual(got.rpcRequest, { method: 'Sys.GetInfo', channel: 'UART', info: 'UART0' });
  const authed = classifyLine({ t: 1, bytes: Buffer.from('mg_rpc.c:314            Config.Set via UART UART0 user admin'), truncated: false, unterminated: false });
  assert.deepEqual(authed.type === 'log' && authed.rpcRequest, { method: 'Config.Set', channel: 'UART', info: 'UART0', user: 'admin' });
  for (const notRpc of ['mgos_sys_config.c:379   Factory reset requested via GPIO0', 'mgos_wifi.c:270         WiFi STA: Connecting to Over_9000_Internets']) {
    const l = classifyLine({ t: 1, bytes: Buffer.from(notRpc), truncated: false, unterminated: false });
    assert.equal(l.type === 'log' && l.rpcRequest, undefined, notRpc);
  }
  // A method named like a banner field or an event does not become one.
  for (const method of ['HIL.Connect', 'Sys.Reboot', 'RPC.List']) {
    const l = classifyLine({ t: 1, bytes: Buffer.from(`mg_rpc.c:314            ${method} via UART UART0`), truncated: false, unterminated: false });
    assert.deepEqual([l.type, l.type === 'log' && l.rpcRequest && l.rpcRequest.method], ['log', method]);
  }
});

// ── ESP8266 MQTT over TLS (huyhoang8398/TMC README) ──────────────────────────────
const tmc = loadCapture('tmc-esp8266-mqtt-tls.txt');

test('MQTT library lines parse; a library printf without a prefix is plain text', () => {
  const lines = feedEveryWay(bytesOf(tmc.lines));
  const mqtt = only(lines, 'log').filter((l) => l.message.startsWith('MQTT0 '));
  assert.deepEqual(
    mqtt.map((l) => [l.file, l.line, l.message]),
    [
      ['mgos_mqtt_conn.c', 471, 'MQTT0 connecting to mqtt.com:8883'],
      ['mgos_mqtt_conn.c', 196, 'MQTT0 pub -> 4 /esp8266 @ 1 (35): [This message published from ESP8266]'],
      ['mgos_mqtt_conn.c', 222, 'MQTT0 event: 204'],
      ['mgos_mqtt_conn.c', 161, 'MQTT0 ack 4'],
    ],
  );
  assert.deepEqual(only(lines, 'text').map((l) => l.text), ['ATCA ECDSA verify ok, verified', 'ATCA:3 ECDH get pubkey ok', 'ATCA:0 ECDSA sign ok']);
  assert.equal(only(lines, 'log').length, tmc.lines.length - 3);
});

test('a log line glued after printf output keeps its message: the MQTT0 line is still found', () => {
  // The capture's firmware (huyhoang8398/TMC my-app/src/main.c) calls printf("hello")
  // with no newline before each publish, so on the wire its text joins the next log line.
  const pub = tmc.lines.find((l) => l.includes('MQTT0 pub'))!;
  const lines = feedEveryWay(bytesOf([`hello${pub}`, `hello${tmc.lines.at(-1)!}`]));
  assert.deepEqual(
    lines.map((l) => [l.type, l.before, l.type === 'log' && [l.file, l.line, l.message]]),
    [
      ['log', 'hello', ['mgos_mqtt_conn.c', 196, 'MQTT0 pub -> 4 /esp8266 @ 1 (35): [This message published from ESP8266]']],
      ['log', 'hello', ['mgos_mqtt_conn.c', 161, 'MQTT0 ack 4']],
    ],
  );
  assert.equal(lines[0]!.text, `hello${pub}`, 'the text stays as received');
});

test('a HIL event glued after printf output is still the event', () => {
  // The event line's format: the project's contract (harness/contract/hil.ts), printed
  // by the test firmware; the glue is the same printf as above.
  const lines = feedEveryWay(bytesOf(['helloHIL {"ev":"connack","code":0,"t":52}', 'x=1 main.c:88' + ' '.repeat(15) + 'HIL {"ev":"close","t":8326}']));
  assert.deepEqual(lines.map((l) => [l.type, l.before]), [['event', 'hello'], ['event', 'x=1 ']]);
  assert.deepEqual(lines[0]!.type === 'event' && lines[0]!.event, { ev: 'connack', code: 0, t: 52 });
  assert.deepEqual(lines[1]!.type === 'event' && lines[1]!.source, { file: 'main.c', line: 88 });
});

test('a banner line glued after printf output still marks the boot', () => {
  const banner = espcam.lines.find((l) => l.includes('Mongoose OS 2.15.0'))!;
  const [line] = feedEveryWay(bytesOf([`partial${banner}`]));
  assert.ok(line && isRebootMarker(line));
  assert.equal(line.before, 'partial');
});

// ── ESP32 crash (cesanta/mongoose-os issue #507) ─────────────────────────────────
const crash = loadCapture('mongoose-os-issue-507-esp32-crash.txt');

test('ESP32 crash: the leading-space channel line, then the panic handler, no boot', () => {
  const lines = feedEveryWay(bytesOf(crash.lines));
  assert.equal(find(lines, 'log', /UART0$/).message, '0x3ffc9a90 UART0');
  assert.equal(find(lines, 'log', /MGOS APP Init/).message, 'MGOS APP Init.');
  assert.deepEqual(only(lines, 'crash').map((l) => l.message), ["Guru Meditation Error: Core  0 panic'ed (LoadStoreError). Exception was unhandled.", 'Core 0 register dump:']);
  assert.deepEqual(lines.filter(isRebootMarker), []);
  assert.equal(find(lines, 'idf', /power save/).message, 'Total power save buffer number: 16');
  assert.deepEqual(only(lines, 'text').map((l) => l.text), [crash.lines.at(-1)]);
});
