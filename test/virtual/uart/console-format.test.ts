import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLogLine } from '../../../harness/virtual/uart/console-format.ts';

// Golden lines: real output of the Mongoose OS MQTT library (a capture of its own C code).
test('formats log lines exactly as the library prints them', () => {
  assert.equal(formatLogLine('mgos_mqtt_conn.c', 442, 'MQTT0 connecting to 127.0.0.1:18941'), 'mgos_mqtt_conn.c:442    MQTT0 connecting to 127.0.0.1:18941');
  assert.equal(formatLogLine('mgos_mqtt_conn.c', 527, 'MQTT0 connecting after 1994 ms'), 'mgos_mqtt_conn.c:527    MQTT0 connecting after 1994 ms');
  assert.equal(formatLogLine('mgos_mqtt_conn.c', 169, 'MQTT0 sub hil/in/# @ 1'), 'mgos_mqtt_conn.c:169    MQTT0 sub hil/in/# @ 1');
});

test('cuts a long basename so that one space remains before the message', () => {
  assert.equal(formatLogLine('mgos_rpc_channel_uart.c', 320, 'x'), 'mgos_rpc_channel_ua:320 x');
  const line = formatLogLine('a_very_long_file_name_indeed.c', 12345, 'm');
  assert.equal(line.indexOf(' '), 23);
  assert.equal(line.slice(24), 'm');
});
