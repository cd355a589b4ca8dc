/**
 * A personality is a named deviation of the virtual board from the reference behaviour
 * (mqtt-client-behaviour.md). It is an object of optional hooks; the MQTT client asks
 * each hook at one decision point, handing it the faithful answer and some context, and
 * uses what the hook returns. No hooks at all is the faithful board. Several
 * personalities can be combined (see compose.ts): each hook then sees the answer of the
 * previous one as `faithful`.
 *
 * A personality may keep state that lives like the board's RAM: `onBoot` creates it at
 * every boot and reboot of the virtual board, and every hook gets it as its third
 * argument (`Ram`). Nothing else survives a reboot, so module-level variables must not
 * hold state (one board process serves a whole run).
 *
 * A lab models its own firmware's quirks by writing a module whose default export is a
 * Personality and passing its path to `loadPersonality`; docs/personalities.md describes
 * this interface as the public API it is.
 */
import type { AttemptEnd, AttemptEndKind } from '../mqtt/attempt-end.ts';
import type { TlsClientPlan } from '../mqtt/tls-plan.ts';
import type { ConfigName, IncomingAck, KeepAlivePlan, Qos, TopicQos } from '../mqtt/types.ts';

export type { AttemptEnd, AttemptEndKind } from '../mqtt/attempt-end.ts';

export interface BootContext {
  /** Why the board started: 'POWERON_RESET' at power-on, 'SW_CPU_RESET' after a reboot. */
  resetReason: string;
}

export interface SwitchContext {
  /** `rt` in ms when the attempt ended. */
  rt: number;
  active: ConfigName;
  /** 1000 × reconnect_timeout_max of the active config. */
  maxMs: number;
  /** Whether the other config exists with enable=true. */
  otherEnabled: boolean;
  /** Whether the other config names a server (an enabled backup without one cannot be used). */
  otherHasServer: boolean;
  /** Attempts that ended without a session since this config became active or the last CONNACK 0, this one included. */
  failedAttemptsOnActive: number;
  /** How the attempt (or session) that this reconnect follows ended. */
  lastEnd: AttemptEnd;
}

export interface NominalDelayContext {
  /** `rt` after the failover step, before the 1000 ms floor (≤ 0 after CONNACK or an explicit disconnect). */
  rt: number;
  minMs: number;
  maxMs: number;
  lastEnd: AttemptEnd;
}

export interface FuzzContext {
  nominalMs: number;
  random: () => number;
  lastEnd: AttemptEnd;
}

export interface WaitContext {
  nominalMs: number;
  /** The delay printed in `MQTT0 connecting after N ms` (what `fuzzedDelayMs` answered). */
  loggedMs: number;
  /** The reference model's fuzzed draw, before `fuzzedDelayMs`. */
  drawnMs: number;
  lastEnd: AttemptEnd;
}

/** A queued QoS ≥ 1 publish as a personality sees it. */
export interface QueueEntryView {
  readonly packetId: number;
  readonly topic: string;
  readonly requestedQos: Qos;
  /** The QoS it was given when it was queued. */
  readonly storedQos: Qos;
}

export interface QosContext {
  requested: Qos;
  /** The effective max QoS in force (override, else config max_qos). */
  cap: number;
}

/**
 * Every hook is optional. A decision hook gets its context, the answer so far
 * (`faithful`) and the personality's RAM; it returns its answer. An event hook (`onBoot`,
 * `onAttemptEnd`) only observes. `Ram` is whatever `onBoot` returns (undefined without it).
 */
export interface Personality<Ram = unknown> {
  readonly name: string;
  /** One sentence: which behaviour of the spec this personality breaks. */
  readonly description: string;

  /** Event: the board booted (power-on or reboot). Returns the fresh RAM every other hook gets. */
  onBoot?(ctx: BootContext): Ram;
  /** Event: an attempt or session ended (before the reconnect is planned; also for an explicit disconnect, which plans none). */
  onAttemptEnd?(ctx: { end: AttemptEnd; rt: number }, ram: Ram): void;

  /** Reconnect rule 1: switch to the other config now? */
  shouldSwitchConfig?(ctx: SwitchContext, faithful: boolean, ram: Ram): boolean;
  /** Reconnect rules 2–3: the next nominal delay (the new `rt`), ms. */
  nominalDelayMs?(ctx: NominalDelayContext, faithful: number, ram: Ram): number;
  /** Reconnect rule 4: the delay drawn from the nominal one, ms — what `connecting after N ms` prints. */
  fuzzedDelayMs?(ctx: FuzzContext, faithful: number, ram: Ram): number;
  /** The delay the reconnect timer is armed with, ms (faithful: the logged one). */
  waitedDelayMs?(ctx: WaitContext, faithful: number, ram: Ram): number;
  /** `rt` after a CONNACK with code 0 (faithful: 0). */
  rtAfterConnack?(ctx: { rt: number }, faithful: number, ram: Ram): number;

  /** mgos_mqtt_sub: whether the subscription is remembered for re-subscription (faithful: true). */
  rememberSubscription?(ctx: { topic: string; qos: Qos; remembered: readonly TopicQos[] }, faithful: boolean, ram: Ram): boolean;
  /** mgos_mqtt_unsub of a remembered topic: whether it is forgotten (faithful: true; UNSUBSCRIBE is sent either way). */
  forgetOnUnsubscribe?(ctx: { topic: string; remembered: readonly TopicQos[] }, faithful: boolean, ram: Ram): boolean;
  /** Which subscriptions are re-sent after a CONNACK 0, in order, and at what QoS. */
  resubscriptions?(ctx: { remembered: readonly TopicQos[]; cap: number }, faithful: readonly TopicQos[], ram: Ram): readonly TopicQos[];
  /** QoS of a SUBSCRIBE (both the remembered QoS and the one on the wire). */
  subscribeQos?(ctx: QosContext, faithful: Qos, ram: Ram): Qos;
  /** QoS of an outgoing PUBLISH on the wire. */
  publishQos?(ctx: QosContext, faithful: Qos, ram: Ram): Qos;
  /** The DUP flag of a QoS ≥ 1 publish sent at once, its first send (faithful: false [MQTT-3.3.1-1]). */
  firstSendDup?(ctx: { packetId: number; qos: Qos }, faithful: boolean, ram: Ram): boolean;

  /** The QoS that decides whether a publish is kept in the retry queue (faithful: the QoS on the wire). */
  queueDecisionQos?(ctx: { requested: Qos; onWire: Qos }, faithful: Qos, ram: Ram): Qos;
  /** How many QoS ≥ 1 publishes the queue holds (faithful: max_queue_length; 0 disables the queue). */
  queueLimit?(ctx: { configured: number }, faithful: number, ram: Ram): number;
  /** Whether the queue survives the end of a connection (faithful: true). */
  keepQueueOnClose?(ctx: { queueLength: number }, faithful: boolean, ram: Ram): boolean;
  /**
   * Whether the board shuts its socket when it ends an attempt (`ctx.transport`: plain TCP,
   * TLS or WebSocket; `ctx.end`: why the attempt ended; faithful: true, mongoose closes the
   * connection at MG_EV_CLOSE). false leaves it open at the broker while the board goes on
   * as if it were closed.
   */
  closesSocket?(ctx: { transport: 'tcp' | 'tls' | 'ws'; end: AttemptEndKind }, faithful: boolean, ram: Ram): boolean;
  /**
   * The queued publish the replay sends next, one of `unsent` (oldest first; faithful: the
   * oldest), or undefined to send none now. This is the replay's order and selection.
   */
  nextReplay?(ctx: { unsent: readonly QueueEntryView[] }, faithful: QueueEntryView | undefined, ram: Ram): QueueEntryView | undefined;
  /** The DUP flag of a publish replayed from the queue (faithful: true). */
  replayDup?(ctx: { packetId: number }, faithful: boolean, ram: Ram): boolean;
  /**
   * The QoS a publish replayed from the queue goes out with (faithful: the cap in force
   * now applied to the requested QoS, as `publishQos` answers it). `stored` is the QoS it
   * was given when it was queued. A replay at QoS 0 leaves the queue after being sent once.
   */
  replayQos?(ctx: { requested: Qos; stored: Qos; cap: number }, faithful: Qos, ram: Ram): Qos;

  /** The client id sent in CONNECT. */
  clientId?(ctx: { configured: string; deviceId: string }, faithful: string, ram: Ram): string;
  /** Keep-alive in CONNECT and the ping interval. */
  keepAlive?(ctx: { configuredSeconds: number }, faithful: KeepAlivePlan, ram: Ram): KeepAlivePlan;
  /** What `mgos_mqtt_pub` returns (faithful: the packet id, also while offline). */
  pubReturnValue?(ctx: { connected: boolean; packetId: number }, faithful: number, ram: Ram): number;
  /** The runtime max-QoS override after a set request (null = none). */
  maxQosOverride?(ctx: { requested: Qos; configMaxQos: number; current: number | null }, faithful: number, ram: Ram): number | null;

  /** How an incoming PUBLISH with QoS ≥ 1 is acknowledged. */
  incomingAck?(ctx: { qos: Qos; matched: boolean }, faithful: IncomingAck, ram: Ram): IncomingAck;
  /** Whether a PUBREL gets its PUBCOMP (faithful: true). */
  answerPubrel?(ctx: { packetId: number }, faithful: boolean, ram: Ram): boolean;
  /**
   * The receive-buffer limit the connection is given, bytes (faithful: the config's
   * recv_mbuf_limit, set on the socket at connect; ≤ 0 means no limit). A packet larger
   * than it closes the connection.
   */
  recvMbufLimit?(ctx: { configured: number }, faithful: number, ram: Ram): number;

  /** TLS of an attempt: verify the server, check its name, send the client certificate, offer the PSK. */
  tlsClient?(ctx: { server: string }, faithful: TlsClientPlan, ram: Ram): TlsClientPlan;
  /** The port added to a server without one (faithful: 8883 when ssl_ca_cert is set, else 1883). */
  defaultPort?(ctx: { sslCaCertSet: boolean }, faithful: number, ram: Ram): number;

  // ── the JS API (api_mqtt.js; the virtual board's methods/hil-js.ts) ──
  /** What JS MQTT.pub returns (faithful: what mgos_mqtt_pub returned, the packet id). */
  jsPubResult?(ctx: { connected: boolean; packetId: number }, faithful: number, ram: Ram): number;
  /** The topic MQTT.sub's handler is called with (faithful: the message's topic, not the subscription's filter). */
  jsSubTopic?(ctx: { filter: string }, faithful: string, ram: Ram): string;
  /** What JS MQTT.isConnected returns (faithful: whether the session is up now). */
  jsIsConnected?(ctx: { everConnected: boolean }, faithful: boolean, ram: Ram): boolean;
  /** Whether MQTT.setEventHandler's handler is called for this event number (faithful: true). */
  jsEventDelivered?(ctx: { mgEv: number }, faithful: boolean, ram: Ram): boolean;
  /** What mgos_mqtt_num_unsent_bytes returns (faithful: queued payload bytes + the socket's unsent bytes). */
  unsentBytes?(ctx: { queued: readonly { topic: string; payloadBytes: number }[]; socketBytes: number }, faithful: number, ram: Ram): number;
  // Issue 12: every check everywhere (PUBACK count, DUP on QoS 0, the cap across reconnects).
  /** How many PUBACKs an incoming QoS 1 PUBLISH that gets one is answered with (faithful: 1). */
  pubackCopies?(ctx: { matched: boolean }, faithful: number, ram: Ram): number;
  /** The DUP flag of any outgoing PUBLISH, first sends and replays (faithful: as the queue decides; 0 for QoS 0). */
  publishDup?(ctx: { qos: Qos }, faithful: boolean, ram: Ram): boolean;
  /** The runtime max-QoS override after a CONNACK 0 (faithful: unchanged, it survives reconnects). */
  maxQosOverrideAfterConnack?(ctx: { current: number | null }, faithful: number | null, ram: Ram): number | null;
  /** Whether the packet id counter steps past this value (faithful: when it is 0 or held by a queued publish). */
  packetIdSkipped?(ctx: { candidate: number; heldByQueue: boolean }, faithful: boolean, ram: Ram): boolean;
  /** Whether a connect is held back for want of wall time (faithful: mqtt.require_time and the time not set). */
  heldForTime?(ctx: { requireTime: boolean; timeSet: boolean }, faithful: boolean, ram: Ram): boolean;
  /**
   * Whether a cloud event the library may trigger at this moment fires (faithful: CONNECTING
   * always; CONNECTED, DISCONNECTED and, after 2.20.0, CONNECTERROR when the active
   * config's `cloud_events` is true).
   */
  cloudEventFired?(ctx: { name: 'connecting' | 'connected' | 'disconnected' | 'connecterror'; cloudEvents: boolean }, faithful: boolean, ram: Ram): boolean;
  /** Whether json_printf (mgos_mqtt_pubf/pubv) quotes the bare identifiers of `ctx.format` (faithful: true, as frozen does). */
  pubfQuotesIdentifiers?(ctx: { format: string }, faithful: boolean, ram: Ram): boolean;
  /**
   * Whether the library hands a TCP connect to the callback set with mgos_mqtt_set_connect_fn
   * (asked only while one is set; faithful: true). False: the library sends its own CONNECT.
   */
  connectFnCalled?(ctx: { set: true }, faithful: boolean, ram: Ram): boolean;
  /**
   * Whether the library publishes a console write to its configured `debug.stdout_topic` /
   * `debug.stderr_topic` (faithful: true once the topic is set, the library has its
   * connection object and fewer than 2048 bytes are unsent; see mqtt/console-topics.ts).
   */
  consolePublished?(ctx: { stream: 'stdout' | 'stderr'; topic: string }, faithful: boolean, ram: Ram): boolean;
  /**
   * Whether the raw handler of the subscription `ctx.filter` (mgos_mqtt_global_subscribe,
   * HIL.RawSub) is called with event `ctx.mgEv`. Asked for a matching PUBLISH and the
   * subscription's own SUBACK (faithful: true) and for PUBACK and CLOSE (faithful: false,
   * the library hands those to the connection handlers only).
   */
  rawHandlerEvent?(ctx: { mgEv: number; filter: string }, faithful: boolean, ram: Ram): boolean;
  /**
   * Whether bytes of a packet left over at the end of a socket read are kept for the next
   * read (faithful: true, as Mongoose's receive buffer keeps them). False: each read is
   * taken for whole packets, and a packet cut by the read is lost with what follows it.
   */
  keepsPartialPacket?(ctx: { bufferedBytes: number }, faithful: boolean, ram: Ram): boolean;
  /**
   * How an attempt reaches the broker (faithful: over WebSocket when mqtt.ws_enable is set,
   * the upgrade asking for mqtt.ws_path; see mqtt/ws-transport.ts).
   */
  wsTransport?(ctx: { wsEnable: boolean; wsPath: string }, faithful: WsPlan, ram: Ram): WsPlan;
  /**
   * Whether the connection handlers (mgos_mqtt_add_global_handler: the firmware's
   * `puback` / `unsuback` lines) are called for the broker's PUBACK or UNSUBACK (faithful: true).
   */
  connHandlerCalled?(ctx: { packet: 'puback' | 'unsuback'; packetId: number }, faithful: boolean, ram: Ram): boolean;
  /** Whether an explicit disconnect (mgos_mqtt_global_disconnect) of a connected socket sends MQTT DISCONNECT before closing (faithful: true). */
  disconnectSendsPacket?(ctx: Record<string, never>, faithful: boolean, ram: Ram): boolean;
  /** Whether mgos_mqtt_init makes the global connection object at this boot (`ctx.enable`: mqtt.enable now; faithful: the same). */
  connectionObjectAtBoot?(ctx: { enable: boolean }, faithful: boolean, ram: Ram): boolean;
  /** Whether a packet from the broker that does not parse (`ctx.reason`) closes the connection (faithful: true, MG_F_CLOSE_IMMEDIATELY); false skips it and reads on. */
  closesOnMalformed?(ctx: { reason: string }, faithful: boolean, ram: Ram): boolean;
  /** Whether mgos_mqtt_unsub goes on to log, send UNSUBSCRIBE and return true for `ctx.topic` (faithful: `ctx.remembered`, the topic is in its list). */
  unsubFindsTopic?(ctx: { topic: string; remembered: boolean }, faithful: boolean, ram: Ram): boolean;
  /** Whether a PINGRESP clears the queue's sent-on-this-connection marks, so the oldest unacknowledged entry goes out again (`ctx.queued`: entries in the queue; faithful: true). */
  pingrespClearsSentMarks?(ctx: { queued: number }, faithful: boolean, ram: Ram): boolean;
  /** Whether an incoming QoS 2 PUBLISH whose id awaits its PUBREL is known as a redelivery (acknowledged, not handed on again; faithful: `ctx.seen`). */
  knowsQos2Redelivery?(ctx: { packetId: number; seen: boolean }, faithful: boolean, ram: Ram): boolean;
  /**
   * How many of the subscriptions matching an incoming PUBLISH (newest first) have their
   * handler called (faithful: every one, `ctx.matching`: call_topic_handler goes on after
   * a match).
   */
  handlersCalled?(ctx: { topic: string; matching: number }, faithful: number, ram: Ram): number;
  /**
   * Whether mgos_mqtt_sub sends its SUBSCRIBE now, while a socket is open (`ctx.connected`:
   * a CONNACK 0 came on it; faithful: the same, mgos_mqtt_conn_sub_s's `if (c->connected)`);
   * not sent now, the topic goes with the re-subscription at the next CONNACK.
   */
  subscribesNow?(ctx: { connected: boolean }, faithful: boolean, ram: Ram): boolean;
  /** Whether mgos_mqtt_get_global_conn is not NULL (`ctx.socket`: an attempt's socket is open; `ctx.connected`: a CONNACK 0 came on it; faithful: `ctx.socket`). */
  globalConnPresent?(ctx: { socket: boolean; connected: boolean }, faithful: boolean, ram: Ram): boolean;
  /** The RETAIN flag of a PUBLISH the device sends (`ctx.retain`: what mgos_mqtt_pub was given; faithful: the same). */
  publishRetain?(ctx: { retain: boolean }, faithful: boolean, ram: Ram): boolean;
  /** Whether a WebSocket ping from the server is answered with a pong (faithful: true, mongoose's control-frame handling). */
  answersWsPing?(ctx: Record<string, never>, faithful: boolean, ram: Ram): boolean;
  /** The mbedTLS code logged for a failed handshake (`ctx.code`: mbedTLS's, e.g. -0x2700 for a certificate not verified; faithful: the same). */
  tlsErrorCode?(ctx: { code: number }, faithful: number, ram: Ram): number;
  /** What a TLS file that does not parse does to the connect (faithful: `fail`, mg_connect_opt's "Invalid SSL …"); `skip` leaves the setting out (no client certificate, or no verification). */
  badTlsFile?(ctx: { setting: 'ssl_cert' | 'ssl_key' | 'ssl_ca_cert'; file: string }, faithful: 'fail' | 'skip', ram: Ram): 'fail' | 'skip';
}

/** Whether an attempt speaks WebSocket, and the path its upgrade asks for. */
export interface WsPlan {
  enabled: boolean;
  path: string;
}

/** Names of the event hooks: they observe and answer nothing (`onBoot` answers the RAM). */
export const personalityEventNames = ['onBoot', 'onAttemptEnd'] as const satisfies readonly (keyof Personality)[];

export type PersonalityEventName = (typeof personalityEventNames)[number];

/** Names of the decision hooks, for composing and validating personalities. */
export const personalityHookNames = [
  'shouldSwitchConfig',
  'nominalDelayMs',
  'fuzzedDelayMs',
  'waitedDelayMs',
  'rtAfterConnack',
  'rememberSubscription',
  'forgetOnUnsubscribe',
  'resubscriptions',
  'subscribeQos',
  'publishQos',
  'firstSendDup',
  'queueDecisionQos',
  'queueLimit',
  'keepQueueOnClose',
  'closesSocket',
  'nextReplay',
  'replayDup',
  'replayQos',
  'clientId',
  'keepAlive',
  'pubReturnValue',
  'maxQosOverride',
  'incomingAck',
  'answerPubrel',
  'recvMbufLimit',
  'tlsClient',
  'defaultPort',
  'jsPubResult',
  'jsSubTopic',
  'jsIsConnected',
  'jsEventDelivered',
  'unsentBytes',
  'pubackCopies',
  'publishDup',
  'maxQosOverrideAfterConnack',
  'packetIdSkipped',
  'heldForTime',
  'cloudEventFired',
  'pubfQuotesIdentifiers',
  'connectFnCalled',
  'consolePublished',
  'rawHandlerEvent',
  'keepsPartialPacket',
  'wsTransport',
  'connHandlerCalled',
  'disconnectSendsPacket',
  'connectionObjectAtBoot',
  'closesOnMalformed',
  'unsubFindsTopic',
  'pingrespClearsSentMarks',
  'knowsQos2Redelivery',
  'badTlsFile',
  'publishRetain',
  'answersWsPing',
  'tlsErrorCode',
  'handlersCalled',
  'subscribesNow',
  'globalConnPresent',
] as const satisfies readonly (keyof Personality)[];

export type PersonalityHookName = (typeof personalityHookNames)[number];

/** Every function-valued key of Personality: a hook added to the interface but not to a list above is a type error below. */
type DeclaredHooks = { [K in keyof Personality]-?: NonNullable<Personality[K]> extends (...args: never[]) => unknown ? K : never }[keyof Personality];
type Unlisted = Exclude<DeclaredHooks, PersonalityHookName | PersonalityEventName>;
const everyHookListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyHookListed;
