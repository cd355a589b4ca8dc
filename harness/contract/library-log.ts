/**
 * The log lines of the Mongoose OS MQTT library (and of the Mongoose networking layer
 * under it) that the harness reads, as patterns on the log message — the text after the
 * 24-column `file:line` prefix, whose names and numbers change between releases
 * (mqtt-client-behaviour.md, "Log lines the library prints"). Each pattern is anchored at
 * both ends, so one line matches one pattern: `MQTT0 disconnect` (an explicit disconnect,
 * master only) is not `MQTT0 disconnected`. Release 2.20.0's wording is accepted next to
 * master's wherever the two differ.
 *
 * The virtual board prints its own strings (its mqtt/log-lines.ts); a test
 * holds every line it can print to exactly one pattern here, and golden tests pin these
 * patterns on lines the real library printed.
 */
export const libraryLog = {
  /** `MQTT0 connecting to <host:port>`: an attempt starts. [1] address as dialled. */
  connectingTo: /^MQTT0 connecting to (\S+)$/,
  /** [1] lwIP/errno status: 0. master `connected`, 2.20.0 `connect`. */
  tcpOk: /^MQTT0 TCP connect(?:ed)? ok \((-?\d+)\)$/,
  /** [1] the status (host errno 111, lwIP −14 for a reset, …). */
  tcpError: /^MQTT0 TCP connect(?:ed)? error \((-?\d+)\)$/,
  /** ws_enable: the WebSocket upgrade answered, MQTT starts (mgos_mqtt_conn.c; master `connected`, 2.20.0 `connect`). [1] status. */
  wsConnected: /^MQTT0 WS connect(?:ed)? (?:ok|error) \((-?\d+)\)$/,
  /** ws_enable: mgos_mqtt_ws_conn.c sends the upgrade request. [1] the path. */
  wsHandshake: /^MQTT0 sending WS handshake to (\S+)$/,
  /** The connection could not even be started. [1] why. */
  connectError: /^Error: (.+)$/,
  /** [1] the CONNACK return code. */
  connack: /^MQTT0 CONNACK (\d+)$/,
  /** [1] topic, [2] QoS on the wire. */
  sub: /^MQTT0 sub (\S+) @ (\d)$/,
  /** [1] topic. */
  unsub: /^MQTT0 unsub (\S+)$/,
  /** The connection closed: master `disconnected`, 2.20.0 `Disconnect`. */
  disconnected: /^MQTT0 (?:disconnected|Disconnect)$/,
  /** mgos_mqtt_global_disconnect (master only). */
  explicitDisconnect: /^MQTT0 disconnect$/,
  /** [1] the fuzzed delay, device ms. */
  connectingAfter: /^MQTT0 connecting after (\d+) ms$/,
  queueOverflow: /^MQTT0 queue overflow!$/,
  serverRequired: /^MQTT requires server name$/,
  timeNotSet: /^Time is not set, not connecting$/,
  /** Debug level. [1] packet id, [2] topic, [3] QoS, [4] ` DUP`, [5] ` RETAIN`, [6] length, [7] payload. */
  pub: /^MQTT0 pub -> (\d+) (\S+) @ (\d)( DUP)?( RETAIN)? \((\d+)\): \[(.*)\]$/s,
  /** Debug level. [1] packet id. */
  ack: /^MQTT0 ack (\d+)$/,
  queueDrained: /^MQTT0 queue drained$/,
  /** Mongoose: keep-alive ping sent. */
  sendPingreq: /^Send PINGREQ$/,
  /** Mongoose: no PINGRESP within the next keep-alive; the connection is closed. */
  pingTimeout: /^Ping timeout$/,
  /** Mongoose: [1] bytes buffered, [2] recv_mbuf_limit. */
  recvLimitExceeded: /^0x[0-9a-f]+ recv buffer \((\d+) bytes\) exceeds the limit (\d+) bytes, and not drained, closing$/,
  /** Mongoose: [1] why. */
  malformed: /^0x[0-9a-f]+ malformed MQTT packet \((.*)\), closing$/,
  /**
   * Mongoose's `mg_ssl_if_mbed_err`: a TLS operation failed. [1] mbedTLS's code in hex
   * (`-0x2700`: certificate verify failed), or [2] in decimal as older releases print it
   * (`SSL error: -9984`, the same code). Read it with `mbedtlsCodeOf`.
   */
  mbedtlsError: /^0x[0-9a-f]+ (?:mbedTLS error: (-0x[0-9a-f]{4})|SSL error: (-\d+))$/,
} as const satisfies Record<string, RegExp>;

export type LibraryLineKind = keyof typeof libraryLog;

/** mbedTLS's error code in a `mg_ssl_if_mbed_err` line (either spelling), or undefined when the message is no such line. */
export function mbedtlsCodeOf(message: string): number | undefined {
  const m = libraryLog.mbedtlsError.exec(message);
  if (!m) return undefined;
  return m[1] !== undefined ? -Number.parseInt(m[1].slice(3), 16) : Number(m[2]);
}

/** Which library line a log message is, or undefined when it is none of them. */
export function libraryLineKind(message: string): LibraryLineKind | undefined {
  for (const [kind, pattern] of Object.entries(libraryLog)) if (pattern.test(message)) return kind as LibraryLineKind;
  return undefined;
}

/**
 * The log message of a serial line as a timeline holds it: the reader's `message` when
 * it parsed one, else the text with its `file:line` prefix cut (a line written by hand, or
 * by an older reader). The patterns above are matched against this, never the raw text.
 */
export function logMessageOf(line: { text: string; message?: unknown }): string {
  return typeof line.message === 'string' ? line.message : line.text.replace(/^\S+:\d+\s+/, '');
}

/** Which release's wording the library's log uses (2.20.0: `TCP connect ok`, `Disconnect`), from its messages; undefined when none tells. */
export type LibraryRelease = '2.20.0' | 'later';

export function libraryReleaseOf(messages: Iterable<string>): LibraryRelease | undefined {
  const all = [...messages];
  // With ws_enable, mgos_mqtt_ws_conn.c says `TCP connect ok` in every release: only its `WS connect(ed)` line tells.
  const ws = all.some((m) => libraryLog.wsHandshake.test(m));
  for (const m of all) {
    if (/^MQTT0 (?:WS connected (?:ok|error) \(|disconnected$)/.test(m) || (!ws && /^MQTT0 TCP connected (?:ok|error) \(/.test(m))) return 'later';
    if (/^MQTT0 (?:WS connect (?:ok|error) \(|Disconnect$)/.test(m) || (!ws && /^MQTT0 TCP connect (?:ok|error) \(/.test(m))) return '2.20.0';
  }
  return undefined;
}
