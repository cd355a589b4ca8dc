/**
 * mqtt.recv_mbuf_limit as the library applies it. mgos_mqtt_conn.c copies the config
 * value onto the new Mongoose connection when it connects; Mongoose 6.18 then never
 * reads more than that many bytes into the connection's receive buffer. The MQTT
 * handler parses whole packets out of the buffer: when the packet at its head is still
 * incomplete and the buffer already holds `limit` bytes, the packet cannot ever fit, so
 * it logs "recv buffer (N bytes) exceeds the limit L bytes, and not drained, closing"
 * and marks the connection to be closed at once (no DISCONNECT). The close itself
 * happens at the connection's next poll.
 *
 * So the rule is on the whole packet (fixed header included): a packet of more than
 * `limit` bytes closes the connection; one of exactly `limit` bytes completes in the
 * full buffer and is handled. A limit ≤ 0 is no limit here (Mongoose skips the check
 * then; a limit of 0 would in fact stop all reading, which the board never configures).
 */
import { POLL_LATENESS_MS } from './keepalive.ts';

/** Bytes of the remaining-length varint for `remaining`. */
function varintBytes(remaining: number): number {
  let n = 1;
  for (let r = remaining; r >= 128; r = Math.floor(r / 128)) n++;
  return n;
}

/** Size on the wire of an MQTT 3.1.1 PUBLISH: fixed header, topic, packet id (QoS ≥ 1), payload. */
export function publishPacketBytes(topicBytes: number, qos: number, payloadBytes: number): number {
  const remaining = 2 + topicBytes + (qos > 0 ? 2 : 0) + payloadBytes;
  return 1 + varintBytes(remaining) + remaining;
}

/** Whether a packet of `bytes` closes a connection whose limit is `limit`. */
export function exceedsRecvLimit(bytes: number, limit: number): boolean {
  return limit > 0 && bytes > limit;
}

/**
 * Device ms after the broker's delivery by which the device has closed: the close waits
 * for the connection's next poll (boards poll at least once a second), plus the timing
 * tolerance.
 */
export function recvLimitCloseBound(epsilonMs: number): number {
  return POLL_LATENESS_MS + epsilonMs;
}

/** A PUBLISH as the gate decoded it: its size is known when topic and payload length are. */
export interface DecodedPublish {
  topic?: string;
  qos?: number;
  payloadLength?: number;
}

/** Size on the wire of a decoded PUBLISH, or undefined when the gate did not record its topic or payload length. */
export function decodedPublishBytes(p: DecodedPublish): number | undefined {
  if (p.topic === undefined || p.payloadLength === undefined) return undefined;
  return publishPacketBytes(Buffer.byteLength(p.topic, 'utf8'), p.qos ?? 0, p.payloadLength);
}

/**
 * Whether the device can never read `p` on a connection with `limit`: it is too large
 * itself, or an earlier PUBLISH among `before` (same connection, in order) was, so the
 * device stopped reading there and closed.
 */
export function unreadableUnderLimit(p: DecodedPublish, before: readonly DecodedPublish[], limit: number): boolean {
  return [...before, p].some((q) => {
    const bytes = decodedPublishBytes(q);
    return bytes !== undefined && exceedsRecvLimit(bytes, limit);
  });
}
