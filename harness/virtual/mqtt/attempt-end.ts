/**
 * Why an attempt (or a session) ended, as the MQTT client tells the ends apart. Handed
 * to personalities (the schedule hooks see the end that led to the delay being planned)
 * so a bug that depends on the reason — a refusal treated like a lost session, say —
 * can be written.
 */

export type AttemptEnd =
  /** The TCP connect was refused or reset by the peer (errno 111 or 104). */
  | { kind: 'tcp-refused'; status: number }
  /** The TCP connect failed otherwise: unreachable, timed out, or closed before connecting (status −1). */
  | { kind: 'tcp-failed'; status: number }
  /** The TLS handshake failed: mbedTLS's code, or null when the peer closed in the middle of it. */
  | { kind: 'tls-failure'; mbedtlsCode: number | null }
  /** The connection could not even be opened (a certificate the library cannot load, WebSocket). */
  | { kind: 'open-failed'; error: string }
  /** mqtt.require_time and no wall time yet: no attempt was made. */
  | { kind: 'time-not-set' }
  /** TCP (and TLS) was up, CONNECT sent, and the socket ended before any CONNACK. */
  | { kind: 'closed-before-connack' }
  /** The broker answered CONNACK with this non-zero code. */
  | { kind: 'connack-refused'; code: number }
  /** A session (CONNACK 0) ended: the peer closed or reset the socket. */
  | { kind: 'session-lost' }
  /** No PINGRESP in time: the client closed the socket itself. */
  | { kind: 'keepalive-timeout'; afterConnack: boolean }
  /** Incoming bytes the client would not take (malformed, over recv_mbuf_limit): it closed the socket. */
  | { kind: 'protocol-error'; reason: string }
  /** mgos_mqtt_global_disconnect: DISCONNECT sent (if a session was up) and no reconnect planned. */
  | { kind: 'explicit-disconnect' };

export type AttemptEndKind = AttemptEnd['kind'];

/** errno values that mean the peer turned the connect down (rather than never answering). */
const REFUSED_STATUSES = new Set([111, 104]);

/** The end of a TCP connect that failed with the library's status number. */
export function tcpConnectEnd(status: number): AttemptEnd {
  return REFUSED_STATUSES.has(status) ? { kind: 'tcp-refused', status } : { kind: 'tcp-failed', status };
}
