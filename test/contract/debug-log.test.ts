import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedLevelField, formatConsolePublish, parseConsolePublish } from '../../harness/contract/debug-log.ts';

// Golden strings written out by hand from mgos_mqtt.c's format "%s %u %.3lf %d|%.*s"
// (device id or "-", seq, mg_time(), fd or level, the bytes written).
const STDERR_LINE = 'mgos_mqtt_conn.c:241    MQTT0 CONNACK 0\n';
const GOLDEN_STDERR = `esp32_A1B2C3 7 1764626400.250 2|${STDERR_LINE}`;
const GOLDEN_STDOUT = 'esp32_A1B2C3 8 1764626400.500 1|HIL {"ev":"msg","topic":"t","len":2,"qos":1}\n';

describe('console publishes (debug.stdout_topic / debug.stderr_topic)', () => {
  it('are framed as "<id> <seq> <mg_time %.3f> <fd>|<bytes>"', () => {
    assert.equal(formatConsolePublish({ deviceId: 'esp32_A1B2C3', seq: 7, timeS: 1764626400.25, level: 2, data: STDERR_LINE }), GOLDEN_STDERR);
    assert.equal(
      formatConsolePublish({ deviceId: 'esp32_A1B2C3', seq: 8, timeS: 1764626400.5, level: 1, data: 'HIL {"ev":"msg","topic":"t","len":2,"qos":1}\n' }),
      GOLDEN_STDOUT,
    );
  });

  it('print "-" for an unset device id, and 3 decimals always', () => {
    assert.equal(formatConsolePublish({ deviceId: '', seq: 0, timeS: 12, level: 1, data: 'x\n' }), '- 0 12.000 1|x\n');
  });

  it('parse back, keeping the written bytes as they were (newline included)', () => {
    assert.deepEqual(parseConsolePublish(GOLDEN_STDERR), { deviceId: 'esp32_A1B2C3', seq: 7, time: '1764626400.250', level: 2, data: STDERR_LINE });
    assert.equal(parseConsolePublish('-1 0 1.000 -1|a|b')?.data, 'a|b');
    assert.equal(parseConsolePublish('-1 0 1.000 -1|a|b')?.level, -1);
  });

  it('refuse a payload without the framing (a bare line, two decimals, no bar)', () => {
    assert.equal(parseConsolePublish(STDERR_LINE), undefined);
    assert.equal(parseConsolePublish('esp32_A1B2C3 7 1764626400.25 2|x'), undefined);
    assert.equal(parseConsolePublish('esp32_A1B2C3 7 1764626400.250 2 x'), undefined);
  });

  it('carry the fd, or with debug_use_log_level 0 for stderr and the message level (LL_NONE −1 for a print) for stdout', () => {
    assert.equal(expectedLevelField('stdout', false), 1);
    assert.equal(expectedLevelField('stderr', false), 2);
    assert.equal(expectedLevelField('stderr', true), 0);
    assert.equal(expectedLevelField('stdout', true), -1);
  });
});
