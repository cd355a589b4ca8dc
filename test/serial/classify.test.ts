import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyLine } from '../../harness/serial/classify.ts';
import type { RawLine } from '../../harness/serial/line-splitter.ts';
import type { SerialLine, SerialLineOf, SerialLineType } from '../../harness/serial/serial-line.ts';

function raw(line: string | Buffer, t = 12.5, truncated = false): RawLine {
  return { t, bytes: typeof line === 'string' ? Buffer.from(line, 'utf8') : line, truncated, unterminated: false };
}

function classify<T extends SerialLineType>(line: string | Buffer, type: T): SerialLineOf<T> {
  const got = classifyLine(raw(line));
  assert.equal(got.type, type, `${JSON.stringify(String(line))} → ${JSON.stringify(got)}`);
  // Every line goes into the timeline as JSON: it must survive the round trip unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(got)), got);
  return got as SerialLineOf<T>;
}

// Lines of the real library's output (shared/fixtures/real-library-session.md).
const realLogLines: [string, number, string][] = [
  ['mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941', 442, 'MQTT0 connecting to 127.0.0.1:18941'],
  ['mgos_mqtt_conn.c:187    MQTT0 TCP connected error (111)', 187, 'MQTT0 TCP connected error (111)'],
  ['mgos_mqtt_conn.c:221    MQTT0 disconnected', 221, 'MQTT0 disconnected'],
  ['mgos_mqtt_conn.c:527    MQTT0 connecting after 1994 ms', 527, 'MQTT0 connecting after 1994 ms'],
  ['mgos_mqtt_conn.c:187    MQTT0 TCP connected ok (0)', 187, 'MQTT0 TCP connected ok (0)'],
  ['mgos_mqtt_conn.c:241    MQTT0 CONNACK 0', 241, 'MQTT0 CONNACK 0'],
  ['mgos_mqtt_conn.c:169    MQTT0 sub hil/in/# @ 1', 169, 'MQTT0 sub hil/in/# @ 1'],
  ['mgos_mqtt_conn.c:169    MQTT0 sub devices/esp32_1CA848/cmd @ 1', 169, 'MQTT0 sub devices/esp32_1CA848/cmd @ 1'],
];

test('real Mongoose OS log lines parse into file, line and message', () => {
  for (const [text, line, message] of realLogLines) {
    const got = classify(text, 'log');
    assert.deepEqual(got, { type: 'log', t: 12.5, text, file: 'mgos_mqtt_conn.c', line, message });
  }
});

test('a cut basename still parses: the prefix keeps one space before column 24', () => {
  const got = classify('mgos_rpc_channel_ua:320 0x3ffc2b34 CHAN_OPEN', 'log');
  assert.equal(got.file, 'mgos_rpc_channel_ua');
  assert.equal(got.line, 320);
  assert.equal(got.message, '0x3ffc2b34 CHAN_OPEN');
});

test('a log message keeps its own leading spaces (the message starts at column 24)', () => {
  assert.equal(classify('main.c:7' + ' '.repeat(16) + '  indented', 'log').message, '  indented');
});

test('lines that only look like log lines are text', () => {
  classify('mgos_mqtt_conn.c:442 too short a pad', 'text');
  classify('Note: 3 things', 'text');
  classify('http://example.com:8080  is a URL, not a source', 'text');
});

test('real HIL event lines validate against the contract', () => {
  const connack = classify('HIL {"ev":"connack","code":0,"t":52}', 'event');
  assert.deepEqual(connack.event, { ev: 'connack', code: 0, t: 52 });
  const msg = classify(
    'HIL {"ev":"msg","topic":"hil/in/x","msg":"hello","len":5,"qos":1,"dup":0,"retain":0,"packet_id":49558,"t":2299}',
    'event',
  );
  assert.equal(msg.event.ev, 'msg');
  const status = classify(
    'HIL {"ev":"status","connected":true,"unsent_bytes":0,"server":"127.0.0.1:18941","cfg":"mqtt","uptime_ms":12845,"subs":["hil/in/#","devices/esp32_1CA848/cmd"],"max_qos":2,"max_qos_override":-1,"queue_len":0,"reconnect_timeout_ms":0}',
    'event',
  );
  assert.equal(status.event.ev, 'status');
});

test('a HIL event printed through the logger keeps its source', () => {
  const got = classify('main.c:88' + ' '.repeat(15) + 'HIL {"ev":"close","t":8326}', 'event');
  assert.deepEqual(got.source, { file: 'main.c', line: 88 });
});

test('a broken or off-contract HIL event is noise with the reason', () => {
  assert.match(classify('HIL {"ev":"connack","code":0', 'noise').reason, /not valid JSON/);
  assert.match(classify('HIL {"ev":"puback","packet_id":70000,"t":1}', 'noise').reason, /contract/);
  assert.match(classify('HIL {"ev":"nonsense"}', 'noise').reason, /contract/);
});

test('ESP-IDF lines, coloured or not, give level, time, tag and message', () => {
  const boot = classify('\x1b[0;32mI (29) boot: ESP-IDF v3.3-r5 2nd stage bootloader\x1b[0m', 'idf');
  assert.deepEqual(
    { level: boot.level, ms: boot.ms, tag: boot.tag, message: boot.message },
    { level: 'I', ms: 29, tag: 'boot', message: 'ESP-IDF v3.3-r5 2nd stage bootloader' },
  );
  assert.equal(boot.text, '\x1b[0;32mI (29) boot: ESP-IDF v3.3-r5 2nd stage bootloader\x1b[0m', 'text stays as received');
  const wifi = classify('I (1234) wifi: mode : sta (24:0a:c4:1c:a8:48)', 'idf');
  assert.equal(wifi.tag, 'wifi');
  assert.equal(wifi.message, 'mode : sta (24:0a:c4:1c:a8:48)');
  const tight = classify('I (588) wifi:wifi driver task: 3ffc1e3c, prio:23', 'idf');
  assert.equal(tight.message, 'wifi driver task: 3ffc1e3c, prio:23');
  const warn = classify('\x1b[0;33mW (5012) wifi: unknown event 42\x1b[0m', 'idf');
  assert.equal(warn.level, 'W');
  const err = classify('\x1b[0;31mE (70) spi_flash: Detected size(8192k) larger than the size in the binary image header(4096k).\x1b[0m', 'idf');
  assert.equal(err.level, 'E');
  assert.equal(err.tag, 'spi_flash');
});

test('boot banner lines, bare and through the logger; Mongoose OS marks a reboot', () => {
  const mos = classify('esp32_main.c:126        Mongoose OS 2.20.0 (20211018-101800/2.20.0-gf11a6b1)', 'banner');
  assert.deepEqual(
    { field: mos.field, value: mos.value, reboot: mos.reboot, source: mos.source },
    { field: 'mongoose-os', value: '2.20.0 (20211018-101800/2.20.0-gf11a6b1)', reboot: true, source: { file: 'esp32_main.c', line: 126 } },
  );
  assert.equal(classify('Mongoose OS 2.20.0 (20211018-101800)', 'banner').reboot, true);
  const cases: [string, string, string][] = [
    ['hil-fw 1.0 (20261125-101500)', 'app', 'hil-fw 1.0 (20261125-101500)'],
    ['CPU: ESP32D0WDQ6 R1, 240 MHz, FreeRTOS 8.2.0, heap: 296204 total, 255212 free', 'cpu', 'ESP32D0WDQ6 R1, 240 MHz, FreeRTOS 8.2.0, heap: 296204 total, 255212 free'],
    ['Newlib 2.2.0', 'newlib', '2.2.0'],
    ['ESP-IDF v3.3-r5', 'esp-idf', 'v3.3-r5'],
    ['Boot partition: app_0; flash: 4M', 'boot-partition', 'app_0; flash: 4M'],
    ['MAC: 24:0a:c4:1c:a8:48', 'mac', '24:0a:c4:1c:a8:48'],
    ['WDT: 30 seconds', 'wdt', '30 seconds'],
    ['Init done, RAM: 296204 total, 200116 free, 199000 min free', 'init-done', 'RAM: 296204 total, 200116 free, 199000 min free'],
    ['rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)', 'rom-reset', '0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)'],
    ['ets Jun  8 2016 00:22:57', 'rom-date', 'Jun  8 2016 00:22:57'],
    ['configsip: 0, SPIWP:0xee', 'rom-boot', 'configsip: 0, SPIWP:0xee'],
    ['mode:DIO, clock div:2', 'rom-boot', 'mode:DIO, clock div:2'],
    ['load:0x3fff0018,len:4', 'rom-load', 'load:0x3fff0018,len:4'],
    ['entry 0x40078a5c', 'rom-load', 'entry 0x40078a5c'],
  ];
  for (const [text, field, value] of cases) {
    const got = classify(text, 'banner');
    assert.deepEqual([got.field, got.value, got.reboot], [field, value, false], text);
  }
  const prefixed = classify('esp32_main.c:130        Boot partition: app_0; flash: 4M', 'banner');
  assert.equal(prefixed.field, 'boot-partition');
});

test('panic output is a crash line', () => {
  classify("Guru Meditation Error: Core  0 panic'ed (LoadProhibited). Exception was unhandled.", 'crash');
  classify('Backtrace: 0x400d2f1e:0x3ffb5e60 0x400d3121:0x3ffb5e90', 'crash');
});

test('RPC frames are recognised on their own line, CRC checked', () => {
  const json = '{"id":7,"src":"esp32_1CA848","dst":"mgos-hil","result":{"ok":true}}';
  const plain = classify(json, 'rpc');
  assert.deepEqual(plain.frame, { kind: 'message', message: JSON.parse(json), crc: null, delimited: false });
  const eot = classify(Buffer.from('"""\x04"""', 'latin1'), 'rpc');
  assert.deepEqual(eot.frame, { kind: 'eot', delimited: true });
  const bad = classify(json + '00000000', 'noise');
  assert.match(bad.reason, /RPC frame rejected: CRC mismatch/);
});

test('mJS print output and blank lines are text; an object without id or method is not a frame', () => {
  classify('hello from mJS', 'text');
  classify('', 'text');
  classify('{"temperature":21.5}', 'text');
  classify('\ttabbed', 'text');
});

test('garbage is noise: invalid UTF-8, control bytes, cut lines', () => {
  assert.match(classify(Buffer.from([0xff, 0xfe, 0x41, 0x42]), 'noise').reason, /invalid UTF-8/);
  assert.match(classify(Buffer.from([0x41, 0x00, 0x42]), 'noise').reason, /control byte 0x00 at column 1/);
  const cut = classifyLine(raw('mgos_mqtt_conn.c:442    MQTT0 ' + 'x'.repeat(100), 1, true));
  assert.equal(cut.type, 'noise');
  assert.equal(cut.type === 'noise' && cut.truncated, true);
});

test('every line carries type, t and the decoded text', () => {
  const inputs = ['mgos_mqtt_conn.c:221    MQTT0 disconnected', 'HIL {"ev":"close","t":1}', 'x', Buffer.from([0xc3, 0x28])];
  for (const input of inputs) {
    const line: SerialLine = classifyLine(raw(input, 99));
    assert.equal(line.t, 99);
    assert.equal(typeof line.text, 'string');
    assert.equal(typeof line.type, 'string');
  }
});
