/**
 * The console lines the library prints, with the source file and line each one comes
 * from, for master and for release 2.20.0 (whose wording and line numbers differ: see
 * serial-and-rpc.md and mqtt-client-behaviour.md, "Log lines"). Conn id 0 is the global
 * connection. Lines of the Mongoose networking layer are attributed to `mongoose.c`.
 */
export type LogVariant = 'master' | '2.20.0';

/**
 * `level` is the line's cs_log_level (LL_INFO 2 unless given). The virtual board prints
 * its LL_DEBUG lines too (the harness reads some of them as evidence), but the level
 * decides whether the line reaches the log event that the console topics publish from.
 */
export type LogSink = (file: string, line: number, message: string, level?: number) => void;

/** cs_log_level of the library's LOG(LL_DEBUG, …) and mongoose.c's DBG lines. */
const LL_DEBUG = 3;

const CONN = 'mgos_mqtt_conn.c';
const MG = 'mongoose.c';
/** mongoose-os-libs/mbedtls, src/mgos_ssl_if_mbedtls.c: `mg_ssl_if_mbed_err`'s LL_ERROR line (line 291 at 06963a1). */
const SSL_IF = 'mgos_ssl_if_mbedtls.c';
const SSL_IF_ERROR_LINE = 291;
/**
 * mongoose-os-libs/mqtt, src/mgos_mqtt_ws_conn.c (the same in 2.20.0 and at 7ba84b6):
 * mgos_mqtt_ws_ev's MG_EV_CONNECT logs the TCP connect with "TCP" and the word `connect`
 * in both releases (line 99), then the handshake (the LOG at line 102).
 */
const WS_CONN = 'mgos_mqtt_ws_conn.c';
const WS_TCP_CONNECT_LINE = 99;
const WS_HANDSHAKE_LINE = 102;

interface Lines {
  sub: number;
  tcpConnected: number;
  closed: number;
  connack: number;
  drained: number;
  ack: number;
  pub: number;
  serverRequired: number;
  timeNotSet: number;
  connectingTo: number;
  connectError: number;
  explicitDisconnect: number | null;
  connectingAfter: number;
  overflow: number;
  unsub: number;
}

const lineNumbers: Record<LogVariant, Lines> = {
  master: {
    ack: 118, pub: 155, sub: 169, tcpConnected: 187, closed: 221, connack: 241, drained: 322,
    serverRequired: 371, timeNotSet: 396, connectingTo: 442, connectError: 457, explicitDisconnect: 469,
    connectingAfter: 527, overflow: 555, unsub: 624,
  },
  '2.20.0': {
    ack: 117, pub: 153, sub: 168, tcpConnected: 186, closed: 214, connack: 234, drained: 315,
    serverRequired: 364, timeNotSet: 389, connectingTo: 435, connectError: 450, explicitDisconnect: null,
    connectingAfter: 519, overflow: 547, unsub: 614,
  },
};

export class LibraryLog {
  readonly #n: Lines;

  constructor(
    private readonly sink: LogSink,
    private readonly variant: LogVariant,
  ) {
    this.#n = lineNumbers[variant];
  }

  connectingTo(server: string): void {
    this.sink(CONN, this.#n.connectingTo, `MQTT0 connecting to ${server}`);
  }
  /** mgos_mqtt_ev's MG_EV_CONNECT: `TCP`, or `WS` with ws_enable (there it follows the upgrade). */
  tcpConnected(status: number, transport: 'TCP' | 'WS' = 'TCP'): void {
    const verb = this.variant === 'master' ? 'connected' : 'connect';
    this.sink(CONN, this.#n.tcpConnected, `MQTT0 ${transport} ${verb} ${status === 0 ? 'ok' : 'error'} (${status})`);
  }
  /** mgos_mqtt_ws_ev's MG_EV_CONNECT: the TCP connect of a WebSocket connection. */
  wsTcpConnect(status: number): void {
    this.sink(WS_CONN, WS_TCP_CONNECT_LINE, `MQTT0 TCP connect ${status === 0 ? 'ok' : 'error'} (${status})`);
  }
  wsHandshake(path: string): void {
    this.sink(WS_CONN, WS_HANDSHAKE_LINE, `MQTT0 sending WS handshake to ${path}`);
  }
  connectError(reason: string): void {
    this.sink(CONN, this.#n.connectError, `Error: ${reason}`);
  }
  connack(code: number): void {
    this.sink(CONN, this.#n.connack, `MQTT0 CONNACK ${code}`);
  }
  sub(topic: string, qos: number): void {
    this.sink(CONN, this.#n.sub, `MQTT0 sub ${topic} @ ${qos}`);
  }
  unsub(topic: string): void {
    this.sink(CONN, this.#n.unsub, `MQTT0 unsub ${topic}`);
  }
  closed(): void {
    this.sink(CONN, this.#n.closed, this.variant === 'master' ? 'MQTT0 disconnected' : 'MQTT0 Disconnect');
  }
  /** Only master prints a line for an explicit disconnect. */
  explicitDisconnect(): void {
    if (this.#n.explicitDisconnect !== null) this.sink(CONN, this.#n.explicitDisconnect, 'MQTT0 disconnect');
  }
  connectingAfter(ms: number): void {
    this.sink(CONN, this.#n.connectingAfter, `MQTT0 connecting after ${ms} ms`);
  }
  queueOverflow(): void {
    this.sink(CONN, this.#n.overflow, 'MQTT0 queue overflow!');
  }
  serverRequired(): void {
    this.sink(CONN, this.#n.serverRequired, 'MQTT requires server name');
  }
  timeNotSet(): void {
    this.sink(CONN, this.#n.timeNotSet, 'Time is not set, not connecting');
  }
  pub(packetId: number, topic: string, qos: number, dup: boolean, retain: boolean, payload: Buffer): void {
    const flags = `${dup ? ' DUP' : ''}${retain ? ' RETAIN' : ''}`;
    this.sink(CONN, this.#n.pub, `MQTT0 pub -> ${packetId} ${topic} @ ${qos}${flags} (${payload.length}): [${payload.toString('latin1')}]`, LL_DEBUG);
  }
  acked(packetId: number): void {
    this.sink(CONN, this.#n.ack, `MQTT0 ack ${packetId}`, LL_DEBUG);
  }
  queueDrained(): void {
    this.sink(CONN, this.#n.drained, 'MQTT0 queue drained', LL_DEBUG);
  }
  sendPingreq(): void {
    this.sink(MG, 10307, 'Send PINGREQ', LL_DEBUG);
  }
  pingTimeout(): void {
    this.sink(MG, 10310, 'Ping timeout', LL_DEBUG);
  }
  recvLimitExceeded(buffered: number, limit: number): void {
    this.sink(MG, 10157, `0x3ffc8d2c recv buffer (${buffered} bytes) exceeds the limit ${limit} bytes, and not drained, closing`);
  }
  /** `%p mbedTLS error: -0x%04x`: the connection's address, then mbedTLS's code. */
  mbedtlsError(code: string): void {
    this.sink(SSL_IF, SSL_IF_ERROR_LINE, `0x3ffc8d2c mbedTLS error: ${code}`);
  }
  malformed(reason: string): void {
    this.sink(MG, 10147, `0x3ffc8d2c malformed MQTT packet (${reason}), closing`);
  }
}
