/**
 * The MQTT library's console topics: its MGOS_EVENT_LOG handler (mongoose-os-libs/mqtt
 * src/mgos_mqtt.c) publishing what the board writes to stdout and stderr, as framed in
 * harness/contract/debug-log.ts. The core (cesanta/mongoose-os src/mgos_debug.c,
 * mgos_debug_write) raises the event only for text at or below `debug.event_level`
 * (LL_INFO), and guards against recursion: while one write is being handled, any further
 * write — the library's own LOG calls inside the publish — is dropped whole, on the UART
 * too (`writing` tells the board so). Made once per boot: the sequence number is RAM.
 */
import {
  type ConsoleStream,
  DEFAULT_EVENT_LEVEL,
  expectedLevelField,
  formatConsolePublish,
  LOG_PUSHBACK_THRESHOLD_BYTES,
} from '../../contract/debug-log.ts';
import type { DeviceConfig } from '../config/schema.ts';
import type { MqttClient } from './client.ts';
import type { LogVariant } from './log-lines.ts';

export interface ConsoleTopicsDeps {
  mqtt: MqttClient;
  config: () => DeviceConfig;
  deviceId: () => string;
  /** mg_time(): the wall clock, seconds. */
  wallTimeS: () => number;
  logVariant: LogVariant;
}

export class ConsoleTopics {
  #seq = 0;
  #writing = false;

  constructor(private readonly deps: ConsoleTopicsDeps) {}

  /** Inside the log event: the core drops every write made now (its s_in_debug guard). */
  get writing(): boolean {
    return this.#writing;
  }

  /** One write of `data` to `stream` (a console line with its `\n`), of cs_log_level `level`. */
  write(stream: ConsoleStream, data: string, level: number): void {
    if (this.#writing || level > DEFAULT_EVENT_LEVEL || data.length === 0) return;
    const { mqtt } = this.deps;
    if (!mqtt.hasConnectionObject()) return;
    const cfg = this.deps.config();
    const topic = stream === 'stdout' ? cfg.debug.stdout_topic : cfg.debug.stderr_topic;
    if (topic === '') return; // an empty string reads as unset
    if (mqtt.numUnsentBytes() >= LOG_PUSHBACK_THRESHOLD_BYTES) return;
    if (!(mqtt.personality.consolePublished?.({ stream, topic }, true) ?? true)) return;
    // The key exists only after 2.20.0; release 2.20.0 always writes the fd.
    const useLogLevel = this.deps.logVariant !== '2.20.0' && cfg.mqtt.debug_use_log_level;
    const payload = formatConsolePublish({
      deviceId: this.deps.deviceId(),
      seq: this.#seq,
      timeS: this.deps.wallTimeS(),
      level: expectedLevelField(stream, useLogLevel, level),
      data,
    });
    // The count steps for every publish call, also one that is dropped offline (QoS 0).
    this.#seq++;
    this.#writing = true;
    try {
      mqtt.pub(topic, payload, 0, false);
    } finally {
      this.#writing = false;
    }
  }
}
