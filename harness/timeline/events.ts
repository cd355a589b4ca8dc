/**
 * Everything the harness observes, as one typed stream. Each event carries `t`, a stamp
 * from harness/clock.ts (the monotonic clock shared by the serial reader and the
 * brokers), and a `kind`. Brokers tag their events with `broker` and a per-broker
 * connection id `conn`; serial events carry the board's name.
 */
import * as z from 'zod';

const t = z.number();
export const brokerName = z.enum(['primary', 'backup']);
export type BrokerName = z.infer<typeof brokerName>;

const connRef = { broker: brokerName, conn: z.int().min(0) };

export const connectFields = z.object({
  clientId: z.string(),
  protocolVersion: z.int(),
  clean: z.boolean(),
  keepalive: z.int(),
  username: z.string().optional(),
  /** Whether a password was sent; the password itself is never recorded. */
  hasPassword: z.boolean(),
  will: z
    .object({ topic: z.string(), payload: z.string(), qos: z.int(), retain: z.boolean() })
    .optional(),
});
export type ConnectFields = z.infer<typeof connectFields>;

export const packetTypes = [
  'connect', 'connack', 'publish', 'puback', 'pubrec', 'pubrel', 'pubcomp',
  'subscribe', 'suback', 'unsubscribe', 'unsuback', 'pingreq', 'pingresp', 'disconnect',
] as const;

export const timelineEvent = z.discriminatedUnion('kind', [
  /** The gate accepted a TCP connection (the start of an attempt as the broker sees it). */
  z.object({ kind: z.literal('tcp.accept'), t, ...connRef, remote: z.string() }),
  /** A TCP connection ended. `by`: who ended it; `how`: FIN, RST, or a socket error. */
  z.object({
    kind: z.literal('tcp.close'), t, ...connRef,
    by: z.enum(['device', 'gate', 'broker']),
    how: z.enum(['fin', 'rst', 'error']),
    reason: z.string().optional(),
  }),
  /** One MQTT packet decoded from the wire. `dir`: `in` = device→broker, `out` = broker→device. */
  z.object({
    kind: z.literal('mqtt.packet'), t, ...connRef,
    dir: z.enum(['in', 'out']),
    type: z.enum(packetTypes),
    packetId: z.int().optional(),
    qos: z.int().optional(),
    dup: z.boolean().optional(),
    retain: z.boolean().optional(),
    topic: z.string().optional(),
    payloadLength: z.int().optional(),
    /** PUBLISH payload as UTF-8 text, cut to 256 characters. */
    payload: z.string().optional(),
    connect: connectFields.optional(),
    returnCode: z.int().optional(),
    sessionPresent: z.boolean().optional(),
    subscriptions: z.array(z.object({ topic: z.string(), qos: z.int() })).optional(),
    granted: z.array(z.int()).optional(),
    unsubscriptions: z.array(z.string()).optional(),
  }),
  /**
   * A TLS handshake at the gate ended: version, cipher and the client certificate's
   * subject (or PSK identity) when it succeeded; who failed it, the alert and the reason
   * when not. Key material is never recorded.
   */
  z.object({
    kind: z.literal('tls.handshake'), t, ...connRef,
    ok: z.boolean(),
    version: z.string().optional(),
    cipher: z.string().optional(),
    clientSubject: z.string().optional(),
    pskIdentity: z.string().optional(),
    failedBy: z.enum(['device', 'gate']).optional(),
    alert: z.string().optional(),
    reason: z.string().optional(),
    /** What the gate presented: the certificate's label, a required client certificate, PSK. */
    server: z
      .object({ certificate: z.string(), clientCert: z.enum(['none', 'required']), psk: z.enum(['none', 'also', 'only']) })
      .optional(),
  }),
  /**
   * A WebSocket upgrade at the gate (a WebSocket listener, brokers/ws-listener.ts) ended:
   * the request's path, Host and the subprotocols it asked for, the HTTP status the gate
   * answered (101 when upgraded) and the subprotocol it chose; when refused, who ended it
   * and why (a wrong path, not an HTTP request, the device left).
   */
  z.object({
    kind: z.literal('ws.handshake'), t, ...connRef,
    ok: z.boolean(),
    /** The request target, as sent (absent: no request line could be read). */
    path: z.string().optional(),
    host: z.string().optional(),
    /** Sec-WebSocket-Protocol as the device listed it ([] when it sent none). */
    protocols: z.array(z.string()),
    /** The subprotocol the gate answered with (absent: none). */
    protocol: z.string().optional(),
    /** The HTTP status the gate sent (absent: it sent none). */
    status: z.int().optional(),
    /** The path the gate serves. */
    servedPath: z.string(),
    failedBy: z.enum(['device', 'gate']).optional(),
    reason: z.string().optional(),
  }),
  /**
   * A WebSocket control frame on an upgraded connection: a ping the gate sent the device
   * (between the fragments of a `segment` fault's message), or a pong the device answered.
   */
  z.object({ kind: z.literal('ws.control'), t, ...connRef, dir: z.enum(['in', 'out']), op: z.enum(['ping', 'pong']) }),
  /** Bytes the gate could not decode, with the parser's error. */
  z.object({ kind: z.literal('mqtt.garbage'), t, ...connRef, dir: z.enum(['in', 'out']), bytes: z.int(), error: z.string() }),
  /** A fault was switched on a broker's gate (`accept` means back to normal). */
  z.object({ kind: z.literal('fault'), t, broker: brokerName, fault: z.string(), params: z.record(z.string(), z.unknown()) }),
  /** A broker's gate started or stopped listening. */
  z.object({ kind: z.literal('listen'), t, broker: brokerName, port: z.int(), listening: z.boolean() }),
  /** A serial line from a board (log line, HIL event, banner, noise), as the serial reader classified it. */
  z.object({ kind: z.literal('serial'), t, board: z.string(), line: z.looseObject({ type: z.string(), text: z.string() }) }),
  /** A mark a scenario puts in the timeline ("primary down", "board reset"). */
  z.object({ kind: z.literal('note'), t, text: z.string(), data: z.record(z.string(), z.unknown()).optional() }),
]);
export type TimelineEvent = z.infer<typeof timelineEvent>;
export type TimelineKind = TimelineEvent['kind'];
export type EventOf<K extends TimelineKind> = Extract<TimelineEvent, { kind: K }>;
