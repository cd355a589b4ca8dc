/**
 * The console-over-MQTT framing of the MQTT library (mongoose-os-libs/mqtt src/mgos_mqtt.c,
 * its MGOS_EVENT_LOG handler): when `debug.stdout_topic` / `debug.stderr_topic` names a
 * topic, every write the core hands to the log event (mgos_debug_write: fd 1 for stdout,
 * fd 2 for stderr; the core raises the event only for text at or below
 * `debug.event_level`, LL_INFO by default, and never for output made while a write is
 * already being handled) is published at QoS 0, not retained, as
 *
 *   `<device.id or -> <seq> <mg_time(), 3 decimals> <n>|<the bytes written>`
 *
 * `seq` is one counter for both streams, from 0 at boot, stepped for every write with
 * bytes that reached the publish call (published or dropped offline alike). `n` is the fd
 * (1 or 2); with `mqtt.debug_use_log_level` (only in the library after 2.20.0) it is 0
 * for every stderr write and the message's cs_log_level for a stdout one (LL_NONE, −1,
 * for text printed outside a LOG call). Nothing is published while the library has no
 * connection object (mqtt.enable false at boot), when the topic is unset, or while the
 * connection has 2048 unsent bytes or more (MGOS_MQTT_LOG_PUSHBACK_THRESHOLD).
 *
 * Shared words of the virtual board and the check: pinned by golden strings in
 * test/contract/debug-log.test.ts, not only by a round trip.
 */

export type ConsoleStream = 'stdout' | 'stderr';

export const STREAM_FD: Record<ConsoleStream, 1 | 2> = { stdout: 1, stderr: 2 };

/** mgos_mqtt.c MGOS_MQTT_LOG_PUSHBACK_THRESHOLD: no console publish at or above this many unsent bytes. */
export const LOG_PUSHBACK_THRESHOLD_BYTES = 2048;

/** core mos.yml `debug.event_level` default: LL_INFO; LL_DEBUG (3) and LL_VERBOSE_DEBUG (4) text raises no log event. */
export const DEFAULT_EVENT_LEVEL = 2;

/** cs_log_level of text written outside a LOG call (printf, the firmware's `HIL {…}` lines). */
export const LL_NONE = -1;

export interface ConsolePublish {
  deviceId: string;
  seq: number;
  /** mg_time() as printed, seconds with 3 decimals. */
  time: string;
  /** The fd, or (debug_use_log_level, after 2.20.0) the level field. */
  level: number;
  /** The bytes written, as they were (a console line keeps its `\n`). */
  data: string;
}

export function formatConsolePublish(p: Omit<ConsolePublish, 'time'> & { timeS: number }): string {
  return `${p.deviceId === '' ? '-' : p.deviceId} ${p.seq} ${p.timeS.toFixed(3)} ${p.level}|${p.data}`;
}

const FRAME = /^(\S+) (\d+) (-?\d+\.\d{3}) (-?\d+)\|([\s\S]*)$/;

/** The framing of one console publish, or undefined when the payload is not framed so. */
export function parseConsolePublish(payload: string): ConsolePublish | undefined {
  const m = FRAME.exec(payload);
  if (m === null) return undefined;
  return { deviceId: m[1] as string, seq: Number(m[2]), time: m[3] as string, level: Number(m[4]), data: m[5] as string };
}

/**
 * The level field the library writes for a write on `stream`: the fd, unless
 * `debug_use_log_level` is on in a library that has the key (after 2.20.0), where stderr
 * gives 0 and stdout the message's level (`stdoutLevel`, LL_NONE for a plain print).
 */
export function expectedLevelField(stream: ConsoleStream, useLogLevel: boolean, stdoutLevel: number = LL_NONE): number {
  if (!useLogLevel) return STREAM_FD[stream];
  return stream === 'stderr' ? 0 : stdoutLevel;
}
