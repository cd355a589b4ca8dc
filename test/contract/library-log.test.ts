/**
 * Golden tests for the library-log patterns. The `capture` lines are copied verbatim from
 * what the real library printed (mongoose-os-libs/mqtt 7ba84b6 on Mongoose 6.18, run on a
 * host against aedes: the project's fixture "real-library-session.md", captures 1 and 2),
 * so a pattern cannot drift from the library by agreeing with the virtual board's own
 * strings. Lines that capture does not show (release 2.20.0's wording, debug-level lines,
 * queue overflow, unsub, …) are quoted from the behaviour spec's "Log lines the library
 * prints" and marked `spec`. MQTT over WebSocket's lines, which neither shows, are the C
 * format strings of mongoose-os-libs/mqtt (7ba84b6, the same in 2.20.0) filled in, marked
 * `source`: src/mgos_mqtt_ws_conn.c lines 99 and 102, src/mgos_mqtt_conn.c line 187 with
 * `cfg->ws_enable ? "WS" : "TCP"`. No public console capture of a board on WebSocket was
 * found to pin them to.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LibraryLineKind, libraryLineKind, libraryLog, libraryReleaseOf, logMessageOf, mbedtlsCodeOf } from '../../harness/contract/library-log.ts';

interface Golden {
  /** `public`: a board's console quoted in a public issue (the line's comment names it). */
  from: 'capture' | 'spec' | 'source' | 'public';
  line: string;
  kind: LibraryLineKind;
  groups: string[];
}

const golden: Golden[] = [
  { from: 'capture', line: 'mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941', kind: 'connectingTo', groups: ['127.0.0.1:18941'] },
  { from: 'capture', line: 'mgos_mqtt_conn.c:187    MQTT0 TCP connected error (111)', kind: 'tcpError', groups: ['111'] },
  { from: 'capture', line: 'mgos_mqtt_conn.c:221    MQTT0 disconnected', kind: 'disconnected', groups: [] },
  { from: 'capture', line: 'mgos_mqtt_conn.c:527    MQTT0 connecting after 1994 ms', kind: 'connectingAfter', groups: ['1994'] },
  { from: 'capture', line: 'mgos_mqtt_conn.c:527    MQTT0 connecting after 15087 ms', kind: 'connectingAfter', groups: ['15087'] },
  { from: 'capture', line: 'mgos_mqtt_conn.c:187    MQTT0 TCP connected ok (0)', kind: 'tcpOk', groups: ['0'] },
  { from: 'capture', line: 'mgos_mqtt_conn.c:241    MQTT0 CONNACK 0', kind: 'connack', groups: ['0'] },
  { from: 'capture', line: 'mgos_mqtt_conn.c:169    MQTT0 sub hil/in/# @ 1', kind: 'sub', groups: ['hil/in/#', '1'] },
  { from: 'capture', line: 'mgos_mqtt_conn.c:169    MQTT0 sub devices/esp32_1CA848/cmd @ 1', kind: 'sub', groups: ['devices/esp32_1CA848/cmd', '1'] },
  { from: 'spec', line: 'MQTT0 TCP connect ok (0)', kind: 'tcpOk', groups: ['0'] },
  { from: 'spec', line: 'MQTT0 TCP connect error (-14)', kind: 'tcpError', groups: ['-14'] },
  { from: 'spec', line: 'MQTT0 Disconnect', kind: 'disconnected', groups: [] },
  { from: 'spec', line: 'MQTT0 disconnect', kind: 'explicitDisconnect', groups: [] },
  { from: 'spec', line: 'MQTT0 CONNACK 5', kind: 'connack', groups: ['5'] },
  { from: 'spec', line: 'MQTT0 queue overflow!', kind: 'queueOverflow', groups: [] },
  { from: 'spec', line: 'MQTT0 unsub hil/in/#', kind: 'unsub', groups: ['hil/in/#'] },
  { from: 'spec', line: 'Time is not set, not connecting', kind: 'timeNotSet', groups: [] },
  { from: 'spec', line: 'MQTT requires server name', kind: 'serverRequired', groups: [] },
  { from: 'spec', line: 'MQTT0 ack 3', kind: 'ack', groups: ['3'] },
  { from: 'spec', line: 'MQTT0 queue drained', kind: 'queueDrained', groups: [] },
  { from: 'spec', line: 'Send PINGREQ', kind: 'sendPingreq', groups: [] },
  { from: 'spec', line: 'Ping timeout', kind: 'pingTimeout', groups: [] },
  // mg_ssl_if_mbed_err's line, as the TLS source in harness/model/sources.ts quotes it.
  { from: 'spec', line: 'mgos_ssl_if_mbedtls.c:291 0x3ffc8d2c mbedTLS error: -0x2700', kind: 'mbedtlsError', groups: ['-0x2700'] },
  // An older release's wording of the same line, a bad certificate on an ESP8266 (cesanta/mongoose-os issue #466, 2018;
  // -9984 is -0x2700), its message as quoted: that release printed the function name where later ones print file:line.
  { from: 'public', line: '0x3fff359c SSL error: -9984', kind: 'mbedtlsError', groups: ['-9984'] },
  // "MQTT%d %s connect %s (%d)" with "TCP", mgos_mqtt_ws_conn.c:99.
  { from: 'source', line: 'mgos_mqtt_ws_conn.c:99  MQTT0 TCP connect ok (0)', kind: 'tcpOk', groups: ['0'] },
  { from: 'source', line: 'mgos_mqtt_ws_conn.c:99  MQTT0 TCP connect error (-14)', kind: 'tcpError', groups: ['-14'] },
  // "MQTT%d sending WS handshake to %s" with cfg->ws_path, mgos_mqtt_ws_conn.c:102.
  { from: 'source', line: 'mgos_mqtt_ws_conn.c:102 MQTT0 sending WS handshake to /mqtt', kind: 'wsHandshake', groups: ['/mqtt'] },
  // "MQTT%d %s connected %s (%d)" with "WS", mgos_mqtt_conn.c:187 (2.20.0: "connect", line 186).
  { from: 'source', line: 'mgos_mqtt_conn.c:187    MQTT0 WS connected ok (0)', kind: 'wsConnected', groups: ['0'] },
  { from: 'source', line: 'mgos_mqtt_conn.c:186    MQTT0 WS connect ok (0)', kind: 'wsConnected', groups: ['0'] },
];

/** The message as the serial reader hands it on: the 24-column prefix cut. */
const messageOf = (line: string): string => logMessageOf({ text: line });

describe('the library release told by the log', () => {
  it('over WebSocket, mgos_mqtt_ws_conn.c\'s `TCP connect` (every release) is not read as 2.20.0: the `WS connect(ed)` line tells', () => {
    assert.equal(libraryReleaseOf(['MQTT0 TCP connect ok (0)', 'MQTT0 sending WS handshake to /mqtt', 'MQTT0 WS connected ok (0)']), 'later');
    assert.equal(libraryReleaseOf(['MQTT0 TCP connect ok (0)', 'MQTT0 sending WS handshake to /mqtt', 'MQTT0 WS connect ok (0)']), '2.20.0');
    assert.equal(libraryReleaseOf(['MQTT0 TCP connect ok (0)']), '2.20.0', 'without WebSocket the wording still tells');
  });
});

describe('library-log patterns on the real library\'s lines', () => {
  for (const g of golden) {
    it(`${g.from}: "${g.line}" is ${g.kind}, and nothing else`, () => {
      const message = messageOf(g.line);
      const matching = Object.entries(libraryLog).filter(([, re]) => re.test(message)).map(([k]) => k);
      assert.deepEqual(matching, [g.kind]);
      assert.equal(libraryLineKind(message), g.kind);
      assert.deepEqual(libraryLog[g.kind].exec(message)!.slice(1).filter((x) => x !== undefined), g.groups);
    });
  }

  it('reads mbedTLS\'s code from either spelling of mg_ssl_if_mbed_err\'s line', () => {
    assert.equal(mbedtlsCodeOf('0x3ffc8d2c mbedTLS error: -0x2700'), -0x2700);
    assert.equal(mbedtlsCodeOf('0x3fff359c SSL error: -9984'), -0x2700);
    assert.equal(mbedtlsCodeOf('0x3ffc8d2c mbedTLS error: -0x7780'), -0x7780);
    assert.equal(mbedtlsCodeOf('MQTT0 TCP connected error (-3)'), undefined);
  });

  it('matches the message only: a line still carrying its file:line prefix is no library line', () => {
    assert.equal(libraryLineKind('mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941'), undefined);
  });

  it('is anchored at the end too: a longer line of the same start is no match', () => {
    assert.equal(libraryLineKind('MQTT0 disconnected by peer'), undefined);
    assert.equal(libraryLineKind('MQTT0 connecting after 1994 ms (fuzzed)'), undefined);
    assert.equal(libraryLineKind('MQTT0 connecting to 127.0.0.1:18941 now'), undefined);
    assert.equal(libraryLineKind('MQTT1 connecting to 127.0.0.1:18941'), undefined);
  });
});

describe('logMessageOf', () => {
  it('takes the reader\'s message when it has one, else cuts the prefix off the text', () => {
    assert.equal(logMessageOf({ text: 'mgos_mqtt_conn.c:241    MQTT0 CONNACK 0', message: 'MQTT0 CONNACK 0' }), 'MQTT0 CONNACK 0');
    assert.equal(logMessageOf({ text: 'mgos_mqtt_conn.c:241    MQTT0 CONNACK 0' }), 'MQTT0 CONNACK 0');
    assert.equal(logMessageOf({ text: 'MQTT0 CONNACK 0' }), 'MQTT0 CONNACK 0');
  });
});
