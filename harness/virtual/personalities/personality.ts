/**
 * A personality is a named deviation of the virtual board from the reference behaviour
 * (mqtt-client-behaviour.md). It is an object of optional hooks; the MQTT client asks
 * each hook at one decision point, handing it the faithful answer and some context, and
 * uses what the hook returns. No hooks at all is the faithful board. Several
 * personalities can be combined (see compose.ts): each hook then sees the answer of the
 * previous one as `faithful`.
 *
 * A lab models its own firmware's quirks by writing a module whose default export is a
 * Personality and passing its path to `loadPersonality`.
 */
import type { TlsClientPlan } from '../mqtt/tls-plan.ts';
import type { ConfigName, IncomingAck, KeepAlivePlan, Qos, TopicQos } from '../mqtt/types.ts';

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
}

export interface NominalDelayContext {
  /** `rt` after the failover step, before the 1000 ms floor (≤ 0 after CONNACK or an explicit disconnect). */
  rt: number;
  minMs: number;
  maxMs: number;
}

export interface FuzzContext {
  nominalMs: number;
  random: () => number;
}

export interface QosContext {
  requested: Qos;
  /** The effective max QoS in force (override, else config max_qos). */
  cap: number;
}

export interface Personality {
  readonly name: string;
  /** One sentence: which behaviour of the spec this personality breaks. */
  readonly description: string;

  /** Reconnect rule 1: switch to the other config now? */
  shouldSwitchConfig?(ctx: SwitchContext, faithful: boolean): boolean;
  /** Reconnect rules 2–3: the next nominal delay (the new `rt`), ms. */
  nominalDelayMs?(ctx: NominalDelayContext, faithful: number): number;
  /** Reconnect rule 4: the actual delay drawn from the nominal one, ms. */
  fuzzedDelayMs?(ctx: FuzzContext, faithful: number): number;
  /** `rt` after a CONNACK with code 0 (faithful: 0). */
  rtAfterConnack?(ctx: { rt: number }, faithful: number): number;

  /** Which subscriptions are re-sent after a CONNACK 0, in order, and at what QoS. */
  resubscriptions?(ctx: { remembered: readonly TopicQos[]; cap: number }, faithful: readonly TopicQos[]): readonly TopicQos[];
  /** QoS of a SUBSCRIBE (both the remembered QoS and the one on the wire). */
  subscribeQos?(ctx: QosContext, faithful: Qos): Qos;
  /** QoS of an outgoing PUBLISH on the wire. */
  publishQos?(ctx: QosContext, faithful: Qos): Qos;

  /** The QoS that decides whether a publish is kept in the retry queue (faithful: the QoS on the wire). */
  queueDecisionQos?(ctx: { requested: Qos; onWire: Qos }, faithful: Qos): Qos;
  /** How many QoS ≥ 1 publishes the queue holds (faithful: max_queue_length; 0 disables the queue). */
  queueLimit?(ctx: { configured: number }, faithful: number): number;
  /** Whether the queue survives the end of a connection (faithful: true). */
  keepQueueOnClose?(ctx: { queueLength: number }, faithful: boolean): boolean;
  /** The DUP flag of a publish replayed from the queue (faithful: true). */
  replayDup?(ctx: { packetId: number }, faithful: boolean): boolean;
  /**
   * The QoS a publish replayed from the queue goes out with (faithful: the cap in force
   * now applied to the requested QoS, as `publishQos` answers it). `stored` is the QoS it
   * was given when it was queued. A replay at QoS 0 leaves the queue after being sent once.
   */
  replayQos?(ctx: { requested: Qos; stored: Qos; cap: number }, faithful: Qos): Qos;

  /** The client id sent in CONNECT. */
  clientId?(ctx: { configured: string; deviceId: string }, faithful: string): string;
  /** Keep-alive in CONNECT and the ping interval. */
  keepAlive?(ctx: { configuredSeconds: number }, faithful: KeepAlivePlan): KeepAlivePlan;
  /** What `mgos_mqtt_pub` returns (faithful: the packet id, also while offline). */
  pubReturnValue?(ctx: { connected: boolean; packetId: number }, faithful: number): number;
  /** The runtime max-QoS override after a set request (null = none). */
  maxQosOverride?(ctx: { requested: Qos; configMaxQos: number; current: number | null }, faithful: number): number | null;

  /** How an incoming PUBLISH with QoS ≥ 1 is acknowledged. */
  incomingAck?(ctx: { qos: Qos; matched: boolean }, faithful: IncomingAck): IncomingAck;
  /** Whether a PUBREL gets its PUBCOMP (faithful: true). */
  answerPubrel?(ctx: { packetId: number }, faithful: boolean): boolean;

  /** TLS of an attempt: verify the server, check its name, send the client certificate, offer the PSK. */
  tlsClient?(ctx: { server: string }, faithful: TlsClientPlan): TlsClientPlan;
  /** The port added to a server without one (faithful: 8883 when ssl_ca_cert is set, else 1883). */
  defaultPort?(ctx: { sslCaCertSet: boolean }, faithful: number): number;

  // ── the JS API (api_mqtt.js; the virtual board's methods/hil-js.ts) ──
  /** What JS MQTT.pub returns (faithful: what mgos_mqtt_pub returned, the packet id). */
  jsPubResult?(ctx: { connected: boolean; packetId: number }, faithful: number): number;
  /** The topic MQTT.sub's handler is called with (faithful: the message's topic, not the subscription's filter). */
  jsSubTopic?(ctx: { filter: string }, faithful: string): string;
  /** What JS MQTT.isConnected returns (faithful: whether the session is up now). */
  jsIsConnected?(ctx: { everConnected: boolean }, faithful: boolean): boolean;
  /** Whether MQTT.setEventHandler's handler is called for this event number (faithful: true). */
  jsEventDelivered?(ctx: { mgEv: number }, faithful: boolean): boolean;
  /** What mgos_mqtt_num_unsent_bytes returns (faithful: queued payload bytes + the socket's unsent bytes). */
  unsentBytes?(ctx: { queued: readonly { topic: string; payloadBytes: number }[]; socketBytes: number }, faithful: number): number;
  // Issue 12: every check everywhere (PUBACK count, DUP on QoS 0, the cap across reconnects).
  /** How many PUBACKs an incoming QoS 1 PUBLISH that gets one is answered with (faithful: 1). */
  pubackCopies?(ctx: { matched: boolean }, faithful: number): number;
  /** The DUP flag of any outgoing PUBLISH, first sends and replays (faithful: as the queue decides; 0 for QoS 0). */
  publishDup?(ctx: { qos: Qos }, faithful: boolean): boolean;
  /** The runtime max-QoS override after a CONNACK 0 (faithful: unchanged, it survives reconnects). */
  maxQosOverrideAfterConnack?(ctx: { current: number | null }, faithful: number | null): number | null;
}

/** Names of the decision hooks, for composing and validating personalities. */
export const personalityHookNames = [
  'shouldSwitchConfig',
  'nominalDelayMs',
  'fuzzedDelayMs',
  'rtAfterConnack',
  'resubscriptions',
  'subscribeQos',
  'publishQos',
  'queueDecisionQos',
  'queueLimit',
  'keepQueueOnClose',
  'replayDup',
  'replayQos',
  'clientId',
  'keepAlive',
  'pubReturnValue',
  'maxQosOverride',
  'incomingAck',
  'answerPubrel',
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
] as const satisfies readonly (keyof Personality)[];

export type PersonalityHookName = (typeof personalityHookNames)[number];

/** Every function-valued key of Personality: a hook added to the interface but not to the list above is a type error below. */
type DeclaredHooks = { [K in keyof Personality]-?: NonNullable<Personality[K]> extends (...args: never[]) => unknown ? K : never }[keyof Personality];
const everyHookListed: [Exclude<DeclaredHooks, PersonalityHookName>] extends [never] ? true : Exclude<DeclaredHooks, PersonalityHookName> = true;
void everyHookListed;
