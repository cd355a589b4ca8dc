import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mqtt1Section, mqttSection, otherConfig } from '../../harness/contract/mqtt-config.ts';

describe('mqtt config sections', () => {
  it('have the library\'s defaults (mqtt-client-behaviour.md, "Configuration"); the backup has no server', () => {
    const mqtt = mqttSection.parse({});
    assert.equal(mqtt.server, 'iot.eclipse.org:1883');
    assert.equal(mqtt.enable, false);
    assert.deepEqual([mqtt.reconnect_timeout_min, mqtt.reconnect_timeout_max], [2, 60]);
    assert.deepEqual([mqtt.keep_alive, mqtt.max_qos, mqtt.max_queue_length, mqtt.clean_session], [60, 2, 5, true]);
    assert.deepEqual({ ...mqtt1Section.parse({}), server: mqtt.server }, mqtt);
    assert.equal(mqtt1Section.parse({}).server, '');
  });

  it('refuses a value of the wrong type, naming the key', () => {
    const r = mqttSection.safeParse({ keep_alive: 'sixty' });
    assert.equal(r.success, false);
    assert.deepEqual(r.error?.issues[0]?.path, ['keep_alive']);
  });

  it('otherConfig swaps primary and backup', () => {
    assert.equal(otherConfig('mqtt'), 'mqtt1');
    assert.equal(otherConfig('mqtt1'), 'mqtt');
  });
});
