/**
 * The virtual board's MQTT client: a model of the Mongoose OS MQTT library's global
 * connection (`mgos_mqtt_conn.c`, conn id 0) as mqtt-client-behaviour.md describes it.
 * Decisions where the reference model and a personality may differ go through the
 * personality's hooks; everything else lives in the small modules next to this file.
 */
import type { Packet } from 'mqtt-packet';
import mqttPacket from 'mqtt-packet';
import type { CloudEventName, HilEvent, HilResult } from '../../contract/hil.ts';
import type { MqttSection } from '../../contract/mqtt-config.ts';
import { effectiveMaxQos } from '../../contract/qos.ts';
import type { DeviceTimer } from '../device-clock.ts';
import { type BootedPersonality, type BoundHooks, bootPersonality } from '../personalities/booted.ts';
import { composePersonalities } from '../personalities/compose.ts';
import type { Personality, QueueEntryView } from '../personalities/personality.ts';
import { type AttemptEnd, tcpConnectEnd } from './attempt-end.ts';
import { cloudEventFires, cloudEventLine } from './cloud-events.ts';
import { ConnectionStateMachine, ConnState } from './connection-state.ts';
import type { MqttDeps, MqttTransport } from './deps.ts';
import { type ConnectFn, connectPacket, type HandshakeOpts, handshakeKeepAliveS, handshakeOpts } from './handshake.ts';
import { KeepAlive } from './keep-alive.ts';
import { LibraryLog } from './log-lines.ts';
import { type ConnHandler, MG_EV, type MessageHandler, mgEventOf, type RawEventInfo, type RawHandler } from './mg-events.ts';
import { PacketFramer } from './packet-framer.ts';
import { PacketIds } from './packet-ids.ts';
import { PublishQueue, type QueuedPublish } from './publish-queue.ts';
import { capQos } from './qos-cap.ts';
import { planReconnect } from './reconnect-schedule.ts';
import { defaultPort, resolveServer, type ServerAddress } from './server-address.ts';
import { connectErrorStatus } from './socket-errors.ts';
import { type Subscription, Subscriptions } from './subscriptions.ts';
import { formatMbedtlsCode, MG_SSL_ERROR, tlsFailureOf } from './tls-errors.ts';
import { tlsSetup } from './tls-plan.ts';
import { TlsTransport } from './tls-transport.ts';
import { WsTransport } from './ws-transport.ts';
import { type ConfigName, type IncomingAck, type KeepAlivePlan, type Qos, type TopicQos, toQos } from './types.ts';

export type MqttStatus = HilResult<'HIL.Status'>;

/** Whether QoS ≥ 1 publishes may go out at once, or wait for the replay of the queue. */
enum QueuePhase {
  Replaying = 'replaying',
  Drained = 'drained',
}

/** Everything that belongs to one socket and dies with it. */
interface Session {
  readonly transport: MqttTransport;
  readonly framer: PacketFramer;
  keepAlive: KeepAlive | null;
  /** Over WebSocket the keep-alive starts at CONNACK 0: until then mgos_mqtt_ws_ev keeps MG_EV_POLL from the MQTT handler. */
  pendingPingAfterMs?: number;
}


export class MqttClient {
  readonly #deps: MqttDeps;
  readonly #log: LibraryLog;
  /** The personality on this boot: its hooks carry the RAM it made when the client was made (a client lives one boot). */
  readonly #booted: BootedPersonality;
  readonly #p: BoundHooks;
  readonly #sm = new ConnectionStateMachine();
  readonly #queue = new PublishQueue();
  readonly #subs = new Subscriptions();
  /** Handlers added with mgos_mqtt_add_global_handler beyond the firmware's own (the JS one). */
  readonly #connHandlers: ConnHandler[] = [];
  readonly #ids = new PacketIds(
    (id) => this.#queue.holds(id),
    (ctx, faithful) => this.#p.packetIdSkipped?.(ctx, faithful) ?? faithful,
  );
  /** Ids of incoming QoS 2 messages between PUBREC and PUBREL (delivered once). */
  readonly #incomingQos2 = new Set<number>();
  #active: ConfigName = 'mqtt';
  #rt = 0;
  #failedAttemptsOnActive = 0;
  #maxQosOverride: number | null = null;
  #queuePhase = QueuePhase.Drained;
  #reconnectTimer: DeviceTimer | null = null;
  #session: Session | null = null;
  /** mgos_mqtt_set_connect_fn's callback (null: the library sends its own CONNECT). Lives one boot, as the client does. */
  #connectFn: ConnectFn | null = null;

  constructor(deps: MqttDeps) {
    this.#deps = deps;
    const personality = Array.isArray(deps.personality) ? composePersonalities(deps.personality) : (deps.personality as Personality);
    this.#booted = bootPersonality(personality, { resetReason: deps.resetReason ?? 'POWERON_RESET' });
    this.#p = this.#booted.hooks;
    this.#log = new LibraryLog(deps.log, deps.logVariant);
  }

  /** The personality on this boot, its hooks bound to this boot's RAM (the JS API methods ask it too). */
  get personality(): BoundHooks {
    return this.#p;
  }

  get state(): ConnState {
    return this.#sm.state;
  }

  /** mgos_mqtt_init: the connection object exists only if mqtt.enable is true now. */
  boot(): void {
    const enabled = this.#deps.config().mqtt.enable;
    const made = this.#p.connectionObjectAtBoot?.({ enable: enabled }, enabled) ?? enabled;
    this.#sm.to(made ? ConnState.Offline : ConnState.NoConnection, 'boot');
  }

  /** The network's "IP acquired" event: an attempt at once unless a socket exists or the user disconnected. */
  onIpAcquired(): void {
    if (!this.#hasConnectionObject() || this.#rt < 0) return;
    this.#connect();
  }

  /** mgos_mqtt_global_connect. Returns what the library returns. */
  connect(): boolean {
    if (!this.#hasConnectionObject()) return false;
    return this.#connect();
  }

  /** mgos_mqtt_global_disconnect: DISCONNECT if a socket exists, and no reconnect; a pending timer stays. */
  disconnect(): void {
    if (!this.#hasConnectionObject()) return;
    this.#rt = -1;
    const session = this.#session;
    if (session === null) return;
    this.#log.explicitDisconnect();
    const end: AttemptEnd = { kind: 'explicit-disconnect' };
    if (this.#sm.state === ConnState.TcpConnecting || !(this.#p.disconnectSendsPacket?.({}, true) ?? true)) {
      this.#endSession('destroy', end);
      return;
    }
    this.#send(session, { cmd: 'disconnect' });
    this.#endSession('flush', end);
  }

  /** mgos_mqtt_pub: returns the packet id (0 only when there is no connection object). */
  pub(topic: string, message: string | Uint8Array, requestedQos: number, retain = false): number {
    if (!this.#hasConnectionObject()) return 0;
    const qos = toQos(requestedQos);
    const packetId = this.#ids.next();
    const payload = typeof message === 'string' ? Buffer.from(message, 'utf8') : Buffer.from(message);
    const cap = this.#cap();
    const wireQos = this.#p.publishQos?.({ requested: qos, cap }, capQos(qos, cap)) ?? capQos(qos, cap);
    const decisionQos = this.#p.queueDecisionQos?.({ requested: qos, onWire: wireQos }, wireQos) ?? wireQos;
    const connected = this.#sm.state === ConnState.Connected;
    let published = false;
    if (connected && this.#session !== null && (decisionQos === 0 || this.#queuePhase === QueuePhase.Drained)) {
      const dup = this.#p.firstSendDup?.({ packetId, qos: wireQos }, false) ?? false;
      this.#sendPublish(this.#session, packetId, topic, payload, wireQos, retain, dup);
      published = true;
    }
    if (decisionQos > 0) {
      const configured = this.#section().max_queue_length;
      const limit = this.#p.queueLimit?.({ configured }, configured) ?? configured;
      if (limit > 0) {
        const entry = { packetId, topic, payload, requestedQos: qos, storedQos: wireQos, retain, sentOnThisConnection: published };
        const dropped = this.#queue.add(entry, limit);
        for (let i = 0; i < dropped; i++) this.#log.queueOverflow();
      }
    }
    return this.#p.pubReturnValue?.({ connected, packetId }, packetId) ?? packetId;
  }

  /** mgos_mqtt_sub (QoS 1 unless given): remembered, and sent at once while connected. `handler`: the subscription's own (JS MQTT.sub). */
  sub(topic: string, requestedQos = 1, handler?: MessageHandler, raw?: RawHandler): void {
    if (!this.#hasConnectionObject()) return;
    const remembered = this.#subscribeQos(toQos(requestedQos));
    const keep = this.#p.rememberSubscription?.({ topic, qos: remembered, remembered: this.#remembered() }, true) ?? true;
    const added = keep ? this.#subs.add(topic, remembered, handler, raw) : undefined;
    const connected = this.#sm.state === ConnState.Connected;
    if (this.#session !== null && (this.#p.subscribesNow?.({ connected }, connected) ?? connected)) {
      this.#sendSubscribe(this.#session, { topic, qos: this.#subscribeQos(remembered) }, added === undefined ? [] : [added]);
    }
  }

  /**
   * mgos_mqtt_global_subscribe with a raw mg_event_handler_t (HIL.RawSub): a subscription
   * at the library's QoS 1 whose handler is called with every matching PUBLISH and with
   * the SUBACK of its own latest SUBSCRIBE, and with nothing else (call_topic_handler).
   */
  rawSub(topic: string, raw: RawHandler): void {
    this.sub(topic, 1, undefined, raw);
  }

  /** mgos_mqtt_get_global_conn() is not NULL: a socket exists, from the attempt's start to its close. */
  hasGlobalConn(): boolean {
    const socket = this.#sm.hasSocket;
    return this.#p.globalConnPresent?.({ socket, connected: this.#sm.state === ConnState.Connected }, socket) ?? socket;
  }

  /** mgos_mqtt_unsub: forgets the topic and sends UNSUBSCRIBE while connected. */
  unsub(topic: string): boolean {
    if (!this.#hasConnectionObject()) return false;
    const remembered = this.#subs.list().some((s) => s.topic === topic);
    if (!(this.#p.unsubFindsTopic?.({ topic, remembered }, remembered) ?? remembered)) return false;
    this.#log.unsub(topic);
    if (this.#sm.state === ConnState.Connected && this.#session !== null) {
      this.#send(this.#session, { cmd: 'unsubscribe', messageId: this.#ids.next(), unsubscriptions: [topic] });
    }
    if (this.#p.forgetOnUnsubscribe?.({ topic, remembered: this.#remembered() }, true) ?? true) this.#subs.remove(topic);
    return true;
  }

  /**
   * mgos_mqtt_conn_set_max_qos through the global connection's socket: applies only while
   * a socket exists (returns whether it did). Faithful: any value is taken, so a lowered
   * cap can be restored; the library's stickiness is the `lib-sticky-qos-override` personality.
   */
  setMaxQos(requestedQos: number): boolean {
    if (!this.#sm.hasSocket) return false;
    const qos = toQos(requestedQos);
    const ctx = { requested: qos, configMaxQos: this.#section().max_qos, current: this.#maxQosOverride };
    // A personality may answer null (no override), so no `?? qos` here.
    this.#maxQosOverride = this.#p.maxQosOverride ? this.#p.maxQosOverride(ctx, qos) : qos;
    return true;
  }

  /**
   * mgos_mqtt_set_connect_fn (null: unset). Kept on the connection object, so it serves
   * every later TCP connect, primary and backup; without a connection object it is
   * ignored. Returns whether it was kept.
   */
  setConnectFn(fn: ConnectFn | null): boolean {
    if (!this.#hasConnectionObject()) return false;
    this.#connectFn = fn;
    return true;
  }

  /** Whether the library made its global connection object (mqtt.enable at boot). */
  hasConnectionObject(): boolean {
    return this.#hasConnectionObject();
  }

  /** mgos_mqtt_get_packet_id; the library dereferences NULL when MQTT was disabled at boot. */
  nextPacketId(): number {
    if (!this.#hasConnectionObject()) {
      throw new Error('mgos_mqtt_get_packet_id: no MQTT connection object (mqtt.enable was false at boot): the device would crash here');
    }
    return this.#ids.next();
  }

  /** mgos_mqtt_num_unsent_bytes. */
  numUnsentBytes(): number {
    return this.#unsentBytes();
  }

  /** mgos_mqtt_add_global_handler: another connection handler, told what the firmware's own is told (POLL is not modelled). */
  addGlobalHandler(handler: ConnHandler): void {
    this.#connHandlers.push(handler);
  }

  status(): MqttStatus {
    const section = this.#section();
    const cap = this.#cap();
    return {
      connected: this.#sm.state === ConnState.Connected,
      server: this.#address(section)?.display ?? '',
      cfg: this.#active,
      unsent_bytes: this.#unsentBytes(),
      queue_len: this.#queue.length,
      uptime_ms: Math.floor(this.#deps.clock.now()),
      subs: this.#subs.topicsInOrderMade(),
      max_qos: cap < 0 ? 2 : toQos(cap),
      max_qos_override: this.#maxQosOverride ?? -1, // the firmware's spelling of "none"
      reconnect_timeout_ms: this.#rt,
    };
  }

  /**
   * Board reset: every timer cancelled and the session forgotten. The socket is left as
   * it is — a restarting ESP32 sends nothing on it, neither DISCONNECT nor FIN, so the
   * broker keeps the old session until its keep-alive runs out or a new connection takes
   * the client id over (behaviour spec, "Other observations"). Bytes arriving on it are
   * ignored; it ends when the broker or the gate closes it.
   */
  destroy(): void {
    if (this.#sm.state === ConnState.Destroyed) return;
    this.#reconnectTimer?.cancel();
    this.#reconnectTimer = null;
    const session = this.#session;
    this.#session = null;
    session?.keepAlive?.stop();
    this.#sm.to(ConnState.Destroyed, 'destroy');
  }

  // ---- connecting and the schedule -------------------------------------------------

  #hasConnectionObject(): boolean {
    const s = this.#sm.state;
    return s !== ConnState.Unbooted && s !== ConnState.NoConnection && s !== ConnState.Destroyed;
  }

  #section(): MqttSection {
    return this.#deps.config()[this.#active];
  }

  #cap(): number {
    return effectiveMaxQos(this.#section().max_qos, this.#maxQosOverride);
  }

  /** mgos_mqtt_conn_connect. */
  #connect(): boolean {
    const section = this.#section();
    if (!section.enable) return false;
    const address = this.#address(section);
    if (address === null) {
      // The library returns silently here; the line makes the dead end visible in the log.
      this.#log.serverRequired();
      return false;
    }
    if (this.#sm.hasSocket) return true;
    if (this.#rt < 0) this.#rt = 0;
    // mgos_mqtt_time_ok: with require_time and mg_time() under 1500000000 no socket is
    // opened; the try is logged and the next one scheduled like a failed attempt (the
    // backoff advances, a switch to mqtt1 can happen). Nothing listens for
    // MGOS_EVENT_TIME_CHANGED: once the time is set, the pending timer's try connects.
    const timeSet = this.#deps.wallTimeSet?.() ?? true;
    const holdBack = section.require_time && !timeSet;
    if (this.#p.heldForTime?.({ requireTime: section.require_time, timeSet }, holdBack) ?? holdBack) {
      this.#log.timeNotSet();
      this.#scheduleReconnect({ kind: 'time-not-set' });
      return false;
    }
    this.#log.connectingTo(address.display);
    this.#cloud('connecting');
    let transport: MqttTransport;
    try {
      transport = this.#overWebSocket(section, this.#open(section, address));
    } catch (err) {
      this.#log.connectError((err as Error).message);
      this.#scheduleReconnect({ kind: 'open-failed', error: (err as Error).message });
      return false;
    }
    // The library sets the socket's recv_mbuf_limit from the config at connect (mgos_mqtt_conn.c).
    const recvLimit = this.#p.recvMbufLimit?.({ configured: section.recv_mbuf_limit }, section.recv_mbuf_limit) ?? section.recv_mbuf_limit;
    const session: Session = { transport, framer: new PacketFramer(recvLimit), keepAlive: null };
    this.#session = session;
    this.#sm.to(ConnState.TcpConnecting, 'connect');
    transport.on('connect', () => this.#onTcpConnected(session));
    transport.on('data', (chunk) => this.#onData(session, chunk));
    transport.on('error', (err) => this.#onSocketError(session, err));
    transport.on('close', () => this.#onSocketClosed(session));
    // A socket still connecting reports 'connect'; anything else (an in-memory duplex) is
    // connected already, unless it was destroyed meanwhile (its 'error' then follows).
    if (transport.connecting !== true) {
      queueMicrotask(() => {
        if (transport.destroyed !== true) this.#onTcpConnected(session);
      });
    }
    return true;
  }

  /** The server with the library's default port (8883 with ssl_ca_cert, else 1883), unless a personality says otherwise. */
  #address(section: MqttSection): ServerAddress | null {
    return resolveServer(section, (s) => this.#p.defaultPort?.({ sslCaCertSet: s.ssl_ca_cert !== '' }, defaultPort(s)) ?? defaultPort(s));
  }

  /**
   * mg_connect_opt: plain TCP, or TLS when ssl_cert, ssl_ca_cert or ssl_psk_identity is
   * set. A setting the library cannot load throws its error string (logged as `Error: …`).
   */
  #open(section: MqttSection, address: ServerAddress): MqttTransport {
    const setup = tlsSetup(section, address.host, this.#deps.files ?? { read: () => undefined }, this.#p);
    if (setup.kind === 'plain') return this.#deps.connectTcp(address.host, address.port);
    if (setup.kind === 'invalid') throw new Error(setup.error);
    if (!this.#deps.connectTls) throw new Error('TLS is not available on this virtual board');
    const { tls, tcp } = this.#deps.connectTls(address.host, address.port, setup.options);
    return new TlsTransport(tls, tcp);
  }

  /**
   * mqtt.ws_enable: the connection gets mgos_mqtt_ws_ev as its handler and the HTTP
   * protocol (mg_set_protocol_http_websocket); on the TCP connect it logs that and sends
   * the upgrade for ws_path, with the configured server as Host (mgos_mqtt_ws_conn.c).
   */
  #overWebSocket(section: MqttSection, inner: MqttTransport): MqttTransport {
    const faithful = { enabled: section.ws_enable, path: section.ws_path };
    const plan = this.#p.wsTransport?.({ wsEnable: section.ws_enable, wsPath: section.ws_path }, faithful) ?? faithful;
    if (!plan.enabled) return inner;
    return new WsTransport(inner, {
      path: plan.path,
      host: section.server,
      random32: () => Math.floor(this.#deps.random() * 2 ** 32),
      tcpConnected: () => {
        this.#log.wsTcpConnect(0);
        this.#log.wsHandshake(plan.path);
      },
      ...(this.#p.answersWsPing ? { answersPing: () => this.#p.answersWsPing!({}, true) } : {}),
    });
  }

  /** The personality hears how the attempt ended; then mgos_mqtt_conn_reconnect plans the next one and arms the timer (replacing a pending one). */
  #scheduleReconnect(end: AttemptEnd): void {
    this.#booted.attemptEnded({ end, rt: this.#rt });
    if (this.#address(this.#section()) === null || this.#rt < 0) return;
    const config = this.#deps.config();
    this.#failedAttemptsOnActive++;
    const plan = planReconnect(
      {
        rt: this.#rt,
        active: this.#active,
        sections: { mqtt: config.mqtt, mqtt1: config.mqtt1 },
        failedAttemptsOnActive: this.#failedAttemptsOnActive,
        random: this.#deps.random,
        lastEnd: end,
      },
      this.#p,
    );
    if (plan.switched) this.#failedAttemptsOnActive = 0;
    this.#active = plan.active;
    this.#rt = plan.rt;
    this.#log.connectingAfter(plan.loggedMs);
    this.#reconnectTimer?.cancel();
    this.#reconnectTimer = this.#deps.clock.after(plan.delayMs, () => {
      this.#reconnectTimer = null;
      this.#connect();
    });
  }

  // ---- the socket --------------------------------------------------------------------

  #onTcpConnected(session: Session): void {
    if (session !== this.#session || this.#sm.state !== ConnState.TcpConnecting) return;
    // Over WebSocket this is the upgrade's answer (any answer: see ws-transport.ts).
    this.#log.tcpConnected(0, session.transport instanceof WsTransport ? 'WS' : 'TCP');
    this.#sm.to(ConnState.AwaitingConnack, 'TCP connected');
    const { clientId, opts } = this.#handshake(this.#section());
    const plan = this.#keepAlivePlan(opts);
    if (plan.pingAfterMs !== null && session.transport instanceof WsTransport) session.pendingPingAfterMs = plan.pingAfterMs;
    else if (plan.pingAfterMs !== null) this.#startKeepAlive(session, plan.pingAfterMs);
    this.#send(session, connectPacket(clientId, opts, plan.connectSeconds));
  }

  #startKeepAlive(session: Session, pingAfterMs: number): void {
    session.keepAlive = new KeepAlive(this.#deps.clock, pingAfterMs, {
      sendPing: () => {
        // Mongoose's MG_EV_POLL: over WebSocket, inside mgos_mqtt_ws_ev's swap, so framed.
        this.#asLibraryEvent(session, () => {
          this.#log.sendPingreq();
          this.#send(session, { cmd: 'pingreq' });
        });
      },
      timedOut: () => {
        this.#log.pingTimeout();
        this.#endSession('destroy', { kind: 'keepalive-timeout', afterConnack: this.#sm.state === ConnState.Connected });
      },
    });
  }

  /** Runs `fn` as one of the library's connection events: over WebSocket its writes become one frame. */
  #asLibraryEvent(session: Session, fn: () => void): void {
    if (session.transport instanceof WsTransport) session.transport.turn(fn);
    else fn();
  }

  /**
   * mgos_mqtt_ws_ev before the upgrade's answer: a failed TCP connect is logged as
   * `TCP connect error` (no CONNECTERROR cloud event: that is mgos_mqtt_ev's), and a close
   * during the upgrade ends the attempt without a line; the reconnect follows.
   */
  #wsConnectFailed(transport: WsTransport, err: Error | null): void {
    if (transport.phase === 'tcp') {
      const status = err ? connectErrorStatus(err) : -1;
      this.#log.wsTcpConnect(status);
      this.#endSession('destroy', tcpConnectEnd(status));
      return;
    }
    this.#endSession('destroy', { kind: 'closed-before-connack' });
  }

  #onSocketError(session: Session, err: Error): void {
    if (session !== this.#session) return;
    if (this.#sm.state !== ConnState.TcpConnecting) {
      this.#endSession('destroy', this.#endOfOpenSocket());
      return;
    }
    if (session.transport instanceof WsTransport) {
      this.#wsConnectFailed(session.transport, err);
      return;
    }
    const tls = session.transport instanceof TlsTransport ? tlsFailureOf(err) : { kind: 'tcp' as const };
    let end: AttemptEnd = { kind: 'tls-failure', mbedtlsCode: null };
    if (tls.kind === 'tcp') {
      const status = connectErrorStatus(err);
      this.#log.tcpConnected(status);
      this.#cloud('connecterror');
      end = tcpConnectEnd(status);
    }
    if (tls.kind === 'handshake') {
      // mg_ssl_if_mbed_err logs mbedTLS's code; MG_EV_CONNECT then carries MG_SSL_ERROR.
      this.#log.mbedtlsError(formatMbedtlsCode(this.#p.tlsErrorCode?.({ code: tls.mbedtlsCode }, tls.mbedtlsCode) ?? tls.mbedtlsCode));
      this.#log.tcpConnected(MG_SSL_ERROR);
      this.#cloud('connecterror');
      end = { kind: 'tls-failure', mbedtlsCode: tls.mbedtlsCode };
    }
    this.#endSession('destroy', end);
  }

  /** How a socket past its TCP connect ended when the peer closed or reset it. */
  #endOfOpenSocket(): AttemptEnd {
    return this.#sm.state === ConnState.Connected ? { kind: 'session-lost' } : { kind: 'closed-before-connack' };
  }

  #onSocketClosed(session: Session): void {
    if (session !== this.#session) return;
    // A TLS handshake the peer cut short closes without a connect event (mgos_ssl_if_mbedtls.c).
    const handshaking = session.transport instanceof TlsTransport && session.transport.phase === 'handshake';
    if (this.#sm.state !== ConnState.TcpConnecting) {
      this.#endSession('destroy', this.#endOfOpenSocket());
      return;
    }
    if (session.transport instanceof WsTransport) {
      this.#wsConnectFailed(session.transport, null);
      return;
    }
    if (handshaking) {
      this.#endSession('destroy', { kind: 'tls-failure', mbedtlsCode: null });
      return;
    }
    this.#log.tcpConnected(-1);
    this.#cloud('connecterror');
    this.#endSession('destroy', tcpConnectEnd(-1));
  }

  /** The library's MG_EV_CLOSE: log, tell the handlers if the session had been up, schedule. */
  #endSession(how: 'flush' | 'destroy', end: AttemptEnd): void {
    const session = this.#session;
    if (session === null) return;
    this.#session = null;
    session.keepAlive?.stop();
    const transport = session.transport instanceof TlsTransport ? 'tls' : session.transport instanceof WsTransport ? 'ws' : 'tcp';
    if (this.#p.closesSocket?.({ transport, end: end.kind }, true) ?? true) {
      if (how === 'flush') session.transport.end();
      else session.transport.destroy();
    }
    const wasConnected = this.#sm.state === ConnState.Connected;
    // Over WebSocket, mgos_mqtt_ws_ev hands MG_EV_CLOSE to the MQTT handler (which logs it) only after a CONNACK 0.
    if (!(session.transport instanceof WsTransport) || wasConnected) this.#log.closed();
    this.#sm.to(ConnState.Offline, 'socket closed');
    if (!(this.#p.keepQueueOnClose?.({ queueLength: this.#queue.length }, true) ?? true)) this.#queue.clear();
    if (wasConnected) {
      this.#cloud('disconnected');
      this.#event({ ev: 'close', t: this.#now() });
      this.#tellRawNot(MG_EV.CLOSE, {});
    }
    this.#scheduleReconnect(end);
  }

  #onData(session: Session, chunk: Buffer): void {
    if (session !== this.#session) return;
    for (const result of session.framer.push(chunk)) {
      if (session !== this.#session) return;
      switch (result.kind) {
        case 'packet':
          this.#onPacket(session, result.packet);
          break;
        case 'too-large':
          this.#log.recvLimitExceeded(result.buffered, result.limit);
          this.#endSession('destroy', { kind: 'protocol-error', reason: `${result.buffered} bytes buffered, over recv_mbuf_limit ${result.limit}` });
          return;
        case 'malformed':
          if (!(this.#p.closesOnMalformed?.({ reason: result.reason }, true) ?? true)) {
            session.framer.skipMalformed();
            return;
          }
          this.#log.malformed(result.reason);
          this.#endSession('destroy', { kind: 'protocol-error', reason: result.reason });
          return;
      }
    }
    const buffered = session.framer.bufferedBytes;
    if (buffered > 0 && this.#p.keepsPartialPacket && !this.#p.keepsPartialPacket({ bufferedBytes: buffered }, true)) session.framer.discardPartial();
  }

  #send(session: Session, packet: Packet): void {
    session.transport.write(mqttPacket.generate(packet));
    session.keepAlive?.noteSent();
  }

  // ---- incoming packets --------------------------------------------------------------

  #onPacket(session: Session, packet: Packet): void {
    switch (packet.cmd) {
      case 'connack':
        this.#onConnack(session, packet.returnCode ?? 0, packet.sessionPresent);
        return;
      case 'publish':
        this.#onPublish(session, packet.topic, Buffer.from(packet.payload), packet.qos, packet.dup, packet.retain, packet.messageId ?? 0);
        return;
      case 'puback': {
        const id = packet.messageId ?? 0;
        if (this.#queue.remove(id)) this.#log.acked(id);
        if (this.#p.connHandlerCalled?.({ packet: 'puback', packetId: id }, true) ?? true) this.#event({ ev: 'puback', packet_id: id, t: this.#now() });
        this.#tellRawNot(MG_EV.PUBACK, { packetId: id });
        this.#replayStep(session, 'ack');
        return;
      }
      case 'pubrec': {
        const id = packet.messageId ?? 0;
        this.#send(session, { cmd: 'pubrel', messageId: id });
        this.#event({ ev: 'pubrec', packet_id: id, t: this.#now() });
        if (this.#queue.remove(id)) this.#log.acked(id);
        this.#replayStep(session, 'ack');
        return;
      }
      case 'pubcomp':
        this.#event({ ev: 'pubcomp', packet_id: packet.messageId ?? 0, t: this.#now() });
        return;
      case 'pubrel': {
        const id = packet.messageId ?? 0;
        this.#incomingQos2.delete(id);
        if (this.#p.answerPubrel?.({ packetId: id }, true) ?? true) this.#send(session, { cmd: 'pubcomp', messageId: id });
        return;
      }
      case 'unsuback':
        // Mongoose 6.18 does not read the UNSUBACK's packet id: handlers see 0.
        if (this.#p.connHandlerCalled?.({ packet: 'unsuback', packetId: 0 }, true) ?? true) this.#event({ ev: 'unsuback', packet_id: 0, t: this.#now() });
        return;
      case 'pingresp':
        session.keepAlive?.notePingresp();
        this.#replayStep(session, 'pingresp');
        return;
      case 'suback':
        this.#onSuback(packet.messageId ?? 0);
        return;
      default:
        // Server-bound packet types a client does not act on.
        return;
    }
  }

  /**
   * call_topic_handler for a SUBACK: the subscriptions whose latest SUBSCRIBE had this id
   * get it (the firmware's C handler and JS MQTT.sub's trampoline ignore it, a raw handler
   * is told); only if none had the id do the connection handlers get it.
   */
  #onSuback(packetId: number): void {
    const own = this.#subs.withSubId(packetId);
    for (const s of own) this.#tellRaw(s, MG_EV.SUBACK, true, { packetId });
    if (own.length === 0) for (const h of this.#connHandlers) h(MG_EV.SUBACK);
  }

  /** A raw subscription handler is called with `mgEv` if the library calls it (`faithful`), unless a personality says otherwise. */
  #tellRaw(s: Subscription, mgEv: number, faithful: boolean, info: RawEventInfo): void {
    if (s.raw === undefined) return;
    if (this.#p.rawHandlerEvent?.({ mgEv, filter: s.topic }, faithful) ?? faithful) s.raw(mgEv, info);
  }

  /** Events the library hands only to the connection handlers: a raw subscription handler is not called (faithful), unless a personality says so. */
  #tellRawNot(mgEv: number, info: RawEventInfo): void {
    for (const s of this.#subs.list()) this.#tellRaw(s, mgEv, false, info);
  }

  #onConnack(session: Session, code: number, _sessionPresent: boolean): void {
    this.#log.connack(code);
    if (code !== 0) {
      // Refused: closed at once; the session never counted as up, so no handler hears of it.
      this.#endSession('destroy', { kind: 'connack-refused', code });
      return;
    }
    if (this.#sm.state !== ConnState.AwaitingConnack) return;
    this.#sm.to(ConnState.Connected, 'CONNACK 0');
    if (session.pendingPingAfterMs !== undefined) {
      this.#startKeepAlive(session, session.pendingPingAfterMs);
      session.keepAlive?.noteSent();
    }
    this.#rt = this.#p.rtAfterConnack?.({ rt: this.#rt }, 0) ?? 0;
    this.#failedAttemptsOnActive = 0;
    this.#cloud('connected');
    if (this.#p.maxQosOverrideAfterConnack) this.#maxQosOverride = this.#p.maxQosOverrideAfterConnack({ current: this.#maxQosOverride }, this.#maxQosOverride);
    if (this.#section().clean_session) this.#incomingQos2.clear();
    const remembered = this.#remembered();
    const faithful = remembered.map((s) => ({ topic: s.topic, qos: this.#subscribeQos(s.qos) }));
    const resend = this.#p.resubscriptions?.({ remembered, cap: this.#cap() }, faithful) ?? faithful;
    // Each re-sent topic renews the sub_id of the next remembered subscription with that topic.
    const unsent = [...this.#subs.list()];
    for (const s of resend) {
      const i = unsent.findIndex((u) => u.topic === s.topic);
      this.#sendSubscribe(session, s, i < 0 ? [] : unsent.splice(i, 1));
    }
    if (this.#queue.length > 0) {
      this.#queue.clearSentMarks();
      this.#queuePhase = QueuePhase.Replaying;
    } else {
      this.#queuePhase = QueuePhase.Drained;
    }
    this.#event({ ev: 'connack', code: 0, t: this.#now() });
    this.#replayStep(session, 'connack');
  }

  #onPublish(session: Session, topic: string, payload: Buffer, qos: Qos, dup: boolean, retain: boolean, packetId: number): void {
    const matched = this.#subs.matching(topic);
    const faithfulAck: IncomingAck = qos === 0 ? 'none' : qos === 1 ? 'puback' : 'pubrec';
    const ack = qos === 0 ? 'none' : (this.#p.incomingAck?.({ qos, matched: matched.length > 0 }, faithfulAck) ?? faithfulAck);
    // A QoS 2 message seen again before its PUBREL is a redelivery: acknowledge, do not deliver twice.
    const seen = this.#incomingQos2.has(packetId);
    const redelivery = ack === 'pubrec' && (this.#p.knowsQos2Redelivery?.({ packetId, seen }, seen) ?? seen);
    if (ack === 'puback') {
      const copies = this.#p.pubackCopies?.({ matched: matched.length > 0 }, 1) ?? 1;
      for (let i = 0; i < copies; i++) this.#send(session, { cmd: 'puback', messageId: packetId });
    }
    if (ack === 'pubrec') {
      this.#incomingQos2.add(packetId);
      this.#send(session, { cmd: 'pubrec', messageId: packetId });
    }
    if (redelivery) return;
    const text = payload.toString('utf8');
    // A PUBLISH no subscription matched goes to the connection handlers (the C one ignores it).
    if (matched.length === 0) for (const h of this.#connHandlers) h(MG_EV.PUBLISH);
    const called = this.#p.handlersCalled?.({ topic, matching: matched.length }, matched.length) ?? matched.length;
    for (const s of matched.slice(0, Math.max(0, called))) {
      if (s.raw) {
        this.#tellRaw(s, MG_EV.PUBLISH, true, { topic, qos, ...(qos > 0 ? { packetId } : {}), len: payload.length });
        continue;
      }
      if (s.handler) {
        s.handler(topic, payload, s.topic);
        continue;
      }
      this.#event({
        ev: 'msg',
        topic,
        msg: text,
        len: payload.length,
        qos,
        dup: dup ? 1 : 0,
        retain: retain ? 1 : 0,
        packet_id: packetId,
        t: this.#now(),
      });
    }
  }

  /**
   * After CONNACK, PUBACK, PUBREC or PINGRESP on a live session: send the oldest queued
   * publish not yet sent on this connection (PINGRESP first allows re-sending all), or,
   * once the queue is empty, let new QoS ≥ 1 publishes go out at once.
   */
  #replayStep(session: Session, trigger: 'connack' | 'ack' | 'pingresp'): void {
    if (this.#sm.state !== ConnState.Connected || session !== this.#session) return;
    if (trigger === 'pingresp' && (this.#p.pingrespClearsSentMarks?.({ queued: this.#queue.length }, true) ?? true)) this.#queue.clearSentMarks();
    // The cap in force now decides the replay's QoS, not the one the entry was queued
    // under (config max_qos is read live, an override can change): the doc's transparent
    // downgrade ("QoS downgrade"; the library's stored QoS is `lib-replay-stored-qos`). An
    // entry that now goes out at QoS 0 is sent once, DUP 0 as MQTT requires for QoS 0, and
    // leaves the queue, since no acknowledgement will ever remove it (docs/qualification.md).
    for (let guard = this.#queue.length; guard > 0; guard--) {
      const entry = this.#nextReplay();
      if (entry === undefined) return;
      const wire = this.#replayQos(entry);
      const decision = this.#p.queueDecisionQos?.({ requested: entry.requestedQos, onWire: wire }, wire) ?? wire;
      if (decision === 0) {
        this.#queue.remove(entry.packetId);
        this.#sendPublish(session, entry.packetId, entry.topic, entry.payload, 0, entry.retain, false);
        continue;
      }
      entry.sentOnThisConnection = true;
      const dup = this.#p.replayDup?.({ packetId: entry.packetId }, true) ?? true;
      this.#sendPublish(session, entry.packetId, entry.topic, entry.payload, wire, entry.retain, dup);
      return;
    }
    if (this.#queue.length === 0 && this.#queuePhase === QueuePhase.Replaying) {
      this.#queuePhase = QueuePhase.Drained;
      this.#log.queueDrained();
    }
  }

  /** The queued publish to send next: the oldest not yet sent on this connection, unless a personality picks another (or none). */
  #nextReplay(): QueuedPublish | undefined {
    const unsent = this.#queue.unsent();
    if (!this.#p.nextReplay) return unsent[0];
    const views: QueueEntryView[] = unsent.map((e) => Object.freeze({ packetId: e.packetId, topic: e.topic, requestedQos: e.requestedQos, storedQos: e.storedQos }));
    const chosen = this.#p.nextReplay({ unsent: views }, views[0]);
    if (chosen === undefined) return undefined;
    const i = views.indexOf(chosen);
    if (i < 0) {
      throw new Error(`personality "${this.#p.name}": nextReplay must answer one of the entries in ctx.unsent (or undefined), got ${JSON.stringify(chosen)}`);
    }
    return unsent[i];
  }

  /** The QoS of a replay: the requested QoS under the cap in force now, unless a personality says otherwise. */
  #replayQos(entry: QueuedPublish): Qos {
    const cap = this.#cap();
    const capped = capQos(entry.requestedQos, cap);
    const faithful = this.#p.publishQos?.({ requested: entry.requestedQos, cap }, capped) ?? capped;
    return this.#p.replayQos?.({ requested: entry.requestedQos, stored: entry.storedQos, cap }, faithful) ?? faithful;
  }

  // ---- outgoing packets --------------------------------------------------------------

  #sendPublish(session: Session, packetId: number, topic: string, payload: Buffer, qos: Qos, retain: boolean, dup: boolean): void {
    const flag = this.#p.publishDup?.({ qos }, dup) ?? dup;
    const retained = this.#p.publishRetain?.({ retain }, retain) ?? retain;
    this.#log.pub(packetId, topic, qos, flag, retained, payload);
    this.#send(session, { cmd: 'publish', topic, payload, qos, dup: flag, retain: retained, messageId: qos > 0 ? packetId : undefined });
  }

  /** One SUBSCRIBE (do_sub); `owners` take its packet id as their sub_id. */
  #sendSubscribe(session: Session, s: TopicQos, owners: readonly Subscription[]): void {
    const messageId = this.#ids.next();
    for (const o of owners) o.subId = messageId;
    this.#send(session, { cmd: 'subscribe', messageId, subscriptions: [{ topic: s.topic, qos: s.qos }] });
    this.#log.sub(s.topic, s.qos);
  }

  /** The remembered subscriptions, newest first, as plain values. */
  #remembered(): TopicQos[] {
    return this.#subs.list().map((s) => ({ topic: s.topic, qos: s.qos }));
  }

  #subscribeQos(requested: Qos): Qos {
    const cap = this.#cap();
    const faithful = capQos(requested, cap);
    return this.#p.subscribeQos?.({ requested, cap }, faithful) ?? faithful;
  }

  /** The keep-alive the handshake sends (0 → 60) and pings by; the personality may change both. */
  #keepAlivePlan(opts: HandshakeOpts): KeepAlivePlan {
    const seconds = handshakeKeepAliveS(opts);
    const faithful: KeepAlivePlan = { connectSeconds: seconds, pingAfterMs: seconds * 1000 };
    return this.#p.keepAlive?.({ configuredSeconds: opts.keepAliveS }, faithful) ?? faithful;
  }

  /**
   * MG_EV_CONNECT: the client id and handshake options from the active config; with a
   * connect callback set, the callback gets them and sends the handshake itself (its
   * options, its client id), else the library sends them.
   */
  #handshake(section: MqttSection): { clientId: string; opts: HandshakeOpts } {
    const faithfulId = section.client_id !== '' ? section.client_id : this.#deps.deviceId;
    const clientId = this.#p.clientId?.({ configured: section.client_id, deviceId: this.#deps.deviceId }, faithfulId) ?? faithfulId;
    const opts = handshakeOpts(section);
    const fn = this.#connectFn;
    const called = fn !== null && (this.#p.connectFnCalled?.({ set: true }, true) ?? true);
    return called ? fn(clientId, opts) : { clientId, opts };
  }

  /** mgos_mqtt_num_unsent_bytes: queued payload bytes plus what the socket has not sent yet. */
  #unsentBytes(): number {
    const socketBytes = this.#session?.transport.writableLength ?? 0;
    const faithful = this.#queue.payloadBytes() + socketBytes;
    const queued = this.#queue.entries().map((e) => ({ topic: e.topic, payloadBytes: e.payload.length }));
    return this.#p.unsentBytes?.({ queued, socketBytes }, faithful) ?? faithful;
  }

  /** A cloud event the library may trigger here: the firmware prints its line if the library (or the personality) triggers it. */
  #cloud(name: CloudEventName): void {
    const cloudEvents = this.#section().cloud_events;
    const faithful = cloudEventFires(name, cloudEvents, this.#deps.logVariant);
    if (this.#p.cloudEventFired?.({ name, cloudEvents }, faithful) ?? faithful) this.#deps.event(cloudEventLine(name, this.#now()));
  }

  #event(e: HilEvent): void {
    this.#deps.event(e);
    const mgEv = mgEventOf(e);
    if (mgEv !== undefined) for (const h of this.#connHandlers) h(mgEv);
  }

  #now(): number {
    return Math.floor(this.#deps.clock.now());
  }
}
