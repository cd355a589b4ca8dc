/**
 * The virtual board's console topics as mgos_mqtt.c's log handler behaves: framing, QoS 0
 * without retain, one sequence for both streams, the core's recursion guard and event
 * level, the 2048-byte pushback, no connection object, and debug_use_log_level only after
 * 2.20.0.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deviceConfig } from '../../../harness/virtual/config/schema.ts';
import type { MqttClient } from '../../../harness/virtual/mqtt/client.ts';
import { ConsoleTopics } from '../../../harness/virtual/mqtt/console-topics.ts';
import type { LogVariant } from '../../../harness/virtual/mqtt/log-lines.ts';

interface Pub {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
}

function rig(opts: { stdout?: string; stderr?: string; useLogLevel?: boolean; variant?: LogVariant; unsent?: number; enabled?: boolean; consolePublished?: () => boolean } = {}) {
  const pubs: Pub[] = [];
  const config = deviceConfig.parse({
    debug: { stdout_topic: opts.stdout ?? 'dbg/out', stderr_topic: opts.stderr ?? 'dbg/err' },
    mqtt: { enable: true, debug_use_log_level: opts.useLogLevel ?? false },
  });
  let topics: ConsoleTopics | undefined;
  const mqtt = {
    hasConnectionObject: () => opts.enabled ?? true,
    numUnsentBytes: () => opts.unsent ?? 0,
    personality: { consolePublished: opts.consolePublished },
    pub(topic: string, payload: string, qos: number, retain: boolean) {
      pubs.push({ topic, payload, qos, retain });
      // The library's own LOG inside the publish (`MQTT0 pub -> …`): the guard drops it.
      topics?.write('stderr', 'mgos_mqtt_conn.c:155    MQTT0 pub -> 3 dbg/err @ 0 (40): [...]\n', 2);
      return 3;
    },
  } as unknown as MqttClient;
  topics = new ConsoleTopics({ mqtt, config: () => config, deviceId: () => 'esp32_A1B2C3', wallTimeS: () => 1764626400.25, logVariant: opts.variant ?? 'master' });
  return { topics, pubs };
}

describe('console topics (debug.stdout_topic / debug.stderr_topic)', () => {
  it('publish each write to its stream\'s topic, framed, at QoS 0 without retain, one seq for both streams', () => {
    const { topics, pubs } = rig();
    topics.write('stderr', 'mg_rpc.c:297            HIL.Status via UART UART0\n', 2);
    topics.write('stdout', 'HIL {"ev":"sub","topic":"a","t":5}\n', -1);
    assert.deepEqual(pubs, [
      { topic: 'dbg/err', payload: 'esp32_A1B2C3 0 1764626400.250 2|mg_rpc.c:297            HIL.Status via UART UART0\n', qos: 0, retain: false },
      { topic: 'dbg/out', payload: 'esp32_A1B2C3 1 1764626400.250 1|HIL {"ev":"sub","topic":"a","t":5}\n', qos: 0, retain: false },
    ]);
  });

  it('drop what is written while a write is being published (the core\'s recursion guard), so the publish\'s own log line is not published', () => {
    const { topics, pubs } = rig();
    topics.write('stderr', 'x\n', 2);
    assert.equal(pubs.length, 1);
    assert.equal(topics.writing, false);
  });

  it('publish nothing above LL_INFO (debug.event_level), for an unset topic, with 2048 unsent bytes, or without a connection object', () => {
    const cases = [rig({ stderr: '' }), rig({ unsent: 2048 }), rig({ enabled: false })];
    for (const { topics, pubs } of cases) {
      topics.write('stderr', 'line\n', 2);
      assert.equal(pubs.length, 0);
    }
    const debugLine = rig();
    debugLine.topics.write('stderr', 'dbg\n', 3);
    assert.equal(debugLine.pubs.length, 0);
    const below = rig({ unsent: 2047 });
    below.topics.write('stderr', 'line\n', 2);
    assert.equal(below.pubs.length, 1);
  });

  it('with debug_use_log_level (master): 0 for stderr, the message level (−1 for a print) for stdout', () => {
    const { topics, pubs } = rig({ useLogLevel: true });
    topics.write('stderr', 'e\n', 2);
    topics.write('stdout', 'o\n', -1);
    assert.deepEqual(pubs.map((p) => p.payload), ['esp32_A1B2C3 0 1764626400.250 0|e\n', 'esp32_A1B2C3 1 1764626400.250 -1|o\n']);
  });

  it('release 2.20.0 has no debug_use_log_level: the fd, whatever the config says', () => {
    const { topics, pubs } = rig({ useLogLevel: true, variant: '2.20.0' });
    topics.write('stderr', 'e\n', 2);
    topics.write('stdout', 'o\n', -1);
    assert.deepEqual(pubs.map((p) => p.payload), ['esp32_A1B2C3 0 1764626400.250 2|e\n', 'esp32_A1B2C3 1 1764626400.250 1|o\n']);
  });

  it('publish nothing when the personality says so (debug-topic-ignored)', () => {
    const { topics, pubs } = rig({ consolePublished: () => false });
    topics.write('stdout', 'o\n', -1);
    assert.equal(pubs.length, 0);
  });
});
