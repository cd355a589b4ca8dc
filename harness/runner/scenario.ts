/**
 * What a scenario works with: it brings the board to a known state, drives it (HIL.*
 * calls, resets, broker faults, peer messages), records each of its own actions on the
 * harness clock, waits on the timeline with deadlines given in device time, and finally
 * asks the checks for verdicts on what was seen.
 */
import type { TestInfo } from '@playwright/test';
import { type MonoMs, now } from '../clock.ts';
import type { Broker } from '../brokers/broker.ts';
import { type FaultSettingInput, inWallTime } from '../brokers/faults/registry.ts';
import { type Peer, PeerTimeoutError } from '../brokers/peer.ts';
import type { CheckId, CheckInput, ScenarioAction, Verdict } from '../checks/input.ts';
import type { ScenarioDelays } from '../report/results.ts';
import { delaySamples } from '../checks/backoff/delay-samples.ts';
import { observe } from '../checks/observe/observation.ts';
import { judgeScenario } from '../checks/registry.ts';
import { PortClosedError } from '../serial/errors.ts';
import { writeJsonAtomic } from '../report/atomic-write.ts';
import { redact } from '../secrets.ts';
import { BROKEN_ATTACHMENT, DELAYS_ATTACHMENT, VERDICT_ATTACHMENT } from '../report/run-folder.ts';
import type { BrokerName, EventOf, TimelineEvent } from '../timeline/events.ts';
import { type Timeline, TimelineTimeoutError } from '../timeline/timeline.ts';
import { hilEventOf, isHilEvent } from '../timeline/hil-events.ts';
import type { ConnectFnMode, PubfCase } from '../contract/hil.ts';
import { libraryLog, logMessageOf } from '../contract/library-log.ts';
import { type MqttSection, mqttSection } from '../contract/mqtt-config.ts';
import { NOTE } from '../contract/notes.ts';
import type { BoardSession, MqttPair } from './board-session.ts';
import type { BoardTarget } from './board-target.ts';
import { epsilonForLag } from '../checks/host-load.ts';
import { ActionRecorder, type ActionInput } from './action-recorder.ts';
import type { HostLag, LagSample } from '../time/host-lag.ts';
import { brokenCause } from './broken-cause.ts';
import { LIMIT_SLACK_MS } from './time-limits.ts';
import { type StepRunner, wrapInSteps } from './scenario-steps.ts';

export interface ScenarioSetup {
  mqtt?: Partial<MqttSection>;
  mqtt1?: Partial<MqttSection>;
  primary?: FaultSettingInput;
  backup?: FaultSettingInput;
}

/** Everything a scenario works with, handed over as one object by the fixtures. */
export interface ScenarioContext {
  board: BoardSession;
  target: BoardTarget;
  brokers: { primary: Broker; backup: Broker };
  peers: Record<BrokerName, Peer>;
  timeline: Timeline;
  /** The address the board reaches the brokers on. */
  host: string;
  testInfo: TestInfo;
  /** Wi-Fi credentials written at every setup (physical boards). */
  wifi?: { ssid: string; pass: string } | undefined;
  /** Where the check input is written (so checks can be re-run offline on exactly this evidence). */
  inputPath?: string | undefined;
  /** The harness's own event-loop lateness, measured from setup to judging (absent: not measured). */
  lag?: HostLag | undefined;
  /** Runs each action as a Playwright step (absent outside Playwright: actions run as they are). */
  step?: StepRunner | undefined;
}

/** What setup established: the slice's start (the boot line), the config written, the device id. */
export interface ScenarioState {
  start: MonoMs;
  config: MqttPair;
  deviceId: string;
}

/** The harness's measured lateness over a scenario, with a virtual board's own worst (`lag_ms`) when it could be asked. */
type ScenarioLag = LagSample & { boardMs?: number };

export class ScenarioError extends Error {}

/**
 * The scenario could not do its job (setup failed, the port vanished, the board stopped
 * answering, a reply broke the contract): nothing was judged, and the message names the
 * first cause.
 */
export class ScenarioBrokenError extends Error {
  override name = 'ScenarioBrokenError';
  constructor(readonly reason: string, options?: ErrorOptions) {
    super(`broken: ${reason}`, options);
  }
}

export class Scenario {
  readonly #ctx: ScenarioContext;
  readonly #recorder = new ActionRecorder();
  #state: ScenarioState | undefined;
  /** The harness's lateness over the scenario, taken when the checks judge. */
  #lag: ScenarioLag | undefined;
  #setupBoardLagMs: number | undefined;
  /** When the scenario object was made (harness clock): the time limit counts from there. */
  readonly #limitOrigin = now();

  constructor(ctx: ScenarioContext) {
    this.#ctx = ctx;
  }

  get board(): BoardSession {
    return this.#ctx.board;
  }
  get target(): BoardTarget {
    return this.#ctx.target;
  }
  get brokers(): { primary: Broker; backup: Broker } {
    return this.#ctx.brokers;
  }
  get peers(): Record<BrokerName, Peer> {
    return this.#ctx.peers;
  }
  get timeline(): Timeline {
    return this.#ctx.timeline;
  }
  /** The scenario's own actions so far (read-only). */
  get actions(): readonly ScenarioAction[] {
    return this.#recorder.actions;
  }
  /** The slice's start: the stamp of the boot line setup saw. */
  get start(): MonoMs {
    return this.#setUpState('start').start;
  }
  get config(): MqttPair {
    return this.#setUpState('config').config;
  }
  get deviceId(): string {
    return this.#setUpState('deviceId').deviceId;
  }

  #setUpState(what: string): ScenarioState {
    if (!this.#state) throw new ScenarioError(`scenario.${what} before setup(): call scenario.setup() first`);
    return this.#state;
  }

  /** Known state: faults set, the whole mqtt/mqtt1 config written and saved, a reboot seen. */
  async setup(setup: ScenarioSetup = {}): Promise<ScenarioState> {
    const { board, brokers, host, wifi } = this.#ctx;
    this.#ctx.lag?.reset();
    await this.fault('primary', setup.primary ?? { fault: 'accept' });
    await this.fault('backup', setup.backup ?? { fault: 'accept' });
    const defaults = mqttSection.parse({});
    const config: MqttPair = {
      mqtt: { ...defaults, enable: true, server: `${host}:${brokers.primary.port}`, ...setup.mqtt },
      mqtt1: { ...defaults, enable: false, server: `${host}:${brokers.backup.port}`, ...setup.mqtt1 },
    };
    const written = { ...config, ...(wifi ? { wifi } : {}) };
    // The slice starts at the boot line: the board's first attempt follows it at once.
    const start = await board.prepare(written);
    this.#fenceOldSessions(start);
    await board.confirm(written, start);
    const info = await board.info();
    const deviceId = String(info.id);
    // A virtual board's lateness since its previous Sys.GetInfo (before the reboot): it
    // covers the slice's first moments too (boot line, first attempt), which this read
    // would otherwise drop from the window judged at the end.
    this.#setupBoardLagMs = typeof info.lag_ms === 'number' ? info.lag_ms : undefined;
    this.#state = { start, config, deviceId };
    this.note(NOTE.scenarioStart, { mqtt: config.mqtt.server, mqtt1: config.mqtt1.server });
    return this.#state;
  }

  /**
   * A rebooted ESP32 sends nothing on its old socket, so the broker keeps the previous
   * boot's session until its keep-alive runs out (behaviour spec): end every connection
   * accepted before this boot, so that it can neither hold the client id nor publish a
   * will into this scenario.
   */
  #fenceOldSessions(start: MonoMs): void {
    for (const broker of ['primary', 'backup'] as const) {
      const fenced = this.brokers[broker].gate.fenceBefore(start, 'fenced: accepted before this scenario\'s boot');
      if (fenced.length > 0) this.note(NOTE.oldSessionsFenced, { broker, conns: fenced });
    }
  }

  note(text: string, data?: Record<string, unknown>): void {
    this.timeline.record({ kind: 'note', t: now(), text, ...(data ? { data } : {}) });
  }

  /** Records one of the scenario's own actions (at `t`, default now): the one way into the check input. */
  record(action: ActionInput, t: MonoMs = now()): ScenarioAction {
    return this.#recorder.record(action, t);
  }

  // ── the board ────────────────────────────────────────────────────────────

  status() {
    return this.board.hil('HIL.Status', {});
  }

  /** HIL.Status, recorded as a `status` action for the checks (status() alone records nothing). */
  async recordStatus() {
    const t = now();
    const st = await this.status();
    this.record({ kind: 'status', connected: st.connected, unsentBytes: st.unsent_bytes, queueLen: st.queue_len }, t);
    return st;
  }

  async pub(topic: string, payload: string, qos: 0 | 1 | 2, retain = false): Promise<number> {
    const { connected } = await this.status();
    const t = now();
    const { packet_id } = await this.board.hil('HIL.Pub', { topic, message: payload, qos, retain });
    // Stamped when HIL.Pub was called; recorded once its packet id is known.
    this.record({ kind: 'pub', topic, payload, qos, retain, packetId: packet_id, connected }, t);
    return packet_id;
  }

  /** HIL.Pubf: publishes one of the firmware's fixed json_printf cases; recorded as a `pubf` action with the packet id the call returned. */
  async pubf(topic: string, pubfCase: PubfCase, qos: 0 | 1 | 2, retain = false): Promise<number> {
    const { connected } = await this.status();
    const t = now();
    const { packet_id } = await this.board.hil('HIL.Pubf', { topic, case: pubfCase, qos, retain });
    this.record({ kind: 'pubf', topic, case: pubfCase, qos, retain, packetId: packet_id, connected }, t);
    return packet_id;
  }

  /**
   * HIL.SetConnectFn: the firmware's connect callback on (its CONNECT on every later
   * connection of this boot) or off (the library's own); recorded as a `set-connect-fn`
   * action with the call and reply stamps, since it takes effect between them.
   */
  async setConnectFn(mode: ConnectFnMode): Promise<boolean> {
    const t = now();
    const { applied } = await this.board.hil('HIL.SetConnectFn', { mode });
    this.record({ kind: 'set-connect-fn', repliedAt: now(), mode, applied }, t);
    return applied;
  }

  /** HIL.PacketIds: takes `count` packet ids as publishes would; recorded as a `packet-ids` action with what the firmware saw. */
  async packetIds(count: number) {
    const t = now();
    const r = await this.board.hil('HIL.PacketIds', { count });
    this.record({ kind: 'packet-ids', count: r.count, first: r.first, last: r.last, zeros: r.zeros, wraps: r.wraps }, t);
    return r;
  }

  /**
   * HIL.SetTime: sets the board's wall clock (seconds; under 1500000000 the MQTT library
   * counts it as not set). The clock survives a software reset, so a scenario that needs
   * it unset at boot calls this before setup(). Recorded as a `set-time` action stamped at
   * the call, with the moment of the reply.
   */
  async setTime(epoch: number) {
    const t = now();
    const r = await this.board.hil('HIL.SetTime', { epoch });
    this.record({ kind: 'set-time', repliedAt: now(), epoch, before: r.before, after: r.after }, t);
    return r;
  }

  async sub(topic: string, qos?: 0 | 1 | 2): Promise<void> {
    this.record({ kind: 'sub', topic, ...(qos === undefined ? {} : { qos }) });
    await this.board.hil('HIL.Sub', qos === undefined ? { topic } : { topic, qos });
  }

  /** HIL.Unsub, recorded with what it returned, at the moment of the call. */
  async unsub(topic: string): Promise<boolean> {
    const t = now();
    const { removed } = await this.board.hil('HIL.Unsub', { topic });
    this.record({ kind: 'unsub', topic, removed }, t);
    return removed;
  }

  async setMaxQos(qos: 0 | 1 | 2): Promise<void> {
    this.record({ kind: 'set-max-qos', qos });
    await this.board.hil('HIL.SetMaxQoS', { qos });
  }

  // ── the JS API (fs/init.js) ──

  async jsPub(topic: string, payload: string, qos?: 0 | 1 | 2, retain?: boolean): Promise<number> {
    const { connected } = await this.status();
    const t = now();
    const { result } = await this.board.hil('HIL.JS.Pub', {
      topic, message: payload, ...(qos === undefined ? {} : { qos }), ...(retain === undefined ? {} : { retain }),
    });
    this.record({ kind: 'js-pub', topic, payload, qos: qos ?? 0, ...(retain === undefined ? {} : { retain }), result, connected }, t);
    return result;
  }

  async jsSub(topic: string): Promise<void> {
    this.record({ kind: 'js-sub', topic });
    await this.board.hil('HIL.JS.Sub', { topic });
  }

  /** HIL.JS.IsConnected between two HIL.Status calls; throws if the state changed meanwhile (the answer could not be judged). */
  async jsIsConnected(): Promise<boolean> {
    const before = (await this.status()).connected;
    const t = now();
    const { connected: result } = await this.board.hil('HIL.JS.IsConnected', {});
    const after = (await this.status()).connected;
    if (before !== after) throw new Error(`HIL.JS.IsConnected: the connection went ${before ? 'down' : 'up'} during the call; call it in a steady state`);
    this.record({ kind: 'js-is-connected', result, connected: before }, t);
    return result;
  }

  async jsSetEventHandler(): Promise<boolean> {
    const t = now();
    const { added } = await this.board.hil('HIL.JS.SetEventHandler', {});
    this.record({ kind: 'js-set-event-handler', added }, t);
    return added;
  }

  /**
   * HIL.RawSub: mgos_mqtt_global_subscribe with the firmware's raw handler (its raw_ev
   * lines show every event it is called with); recorded as a `raw-sub` action stamped at
   * the call, with the moment of the reply.
   */
  async rawSub(topic: string): Promise<void> {
    const t = now();
    await this.board.hil('HIL.RawSub', { topic });
    this.record({ kind: 'raw-sub', repliedAt: now(), topic }, t);
  }

  /** HIL.GlobalConn: whether mgos_mqtt_get_global_conn() is NULL; recorded as a `global-conn` action with the call's span. */
  async globalConn(): Promise<{ conn: boolean; connected: boolean }> {
    const t = now();
    const r = await this.board.hil('HIL.GlobalConn', {});
    this.record({ kind: 'global-conn', repliedAt: now(), conn: r.conn, connected: r.connected }, t);
    return { conn: r.conn, connected: r.connected };
  }

  /**
   * Config.Set of mqtt/mqtt1 keys (or the library's debug.stdout_topic / stderr_topic) at
   * run time, without saving or rebooting (the library reads them live); the next
   * scenario's setup reboots them away.
   */
  async configure(patch: { mqtt?: Partial<MqttSection>; mqtt1?: Partial<MqttSection>; debug?: { stdout_topic?: string; stderr_topic?: string } }): Promise<void> {
    this.record({ kind: 'config', ...patch });
    await this.board.rpc.call('Config.Set', { config: patch });
  }

  async connect(): Promise<void> {
    this.record({ kind: 'connect' });
    await this.board.hil('HIL.Connect', {});
  }

  async disconnect(): Promise<void> {
    this.record({ kind: 'disconnect' });
    await this.board.hil('HIL.Disconnect', {});
  }

  /** A reset without DISCONNECT, by the board's reset driver (the lab config's `reset`; Sys.Reboot for `rpc`). */
  async reset(): Promise<void> {
    this.record({ kind: 'reset', how: this.board.resetMethod });
    await this.board.reset();
  }

  // ── the brokers and the peer ─────────────────────────────────────────────

  /** Switches a broker's fault. Durations in it (`ms`, `maxMs`, `afterMs`) are device ms, like every time a scenario gives. */
  async fault(broker: BrokerName, setting: FaultSettingInput): Promise<void> {
    await this.brokers[broker].setFault(inWallTime(setting, (ms) => this.target.time.toWallMs(ms)));
  }

  async peerSubscribe(broker: BrokerName, topic: string, qos: 0 | 1 | 2 = 1): Promise<void> {
    await this.peers[broker].subscribe(topic, { qos });
    this.record({ kind: 'peer-subscribe', broker, topic, qos });
  }

  async peerPublish(broker: BrokerName, topic: string, payload: string, qos: 0 | 1 | 2 = 1, retain = false): Promise<void> {
    this.record({ kind: 'peer-publish', broker, topic, payload, qos, retain });
    await this.peers[broker].publish(topic, payload, { qos, retain });
  }

  // ── waiting, in device time ──────────────────────────────────────────────

  /**
   * The scenario's slice of the timeline, led by the fault each broker had when the
   * scenario started (set during setup, so before the slice).
   */
  events(): TimelineEvent[] {
    const before = this.timeline.events({ kind: 'fault', until: this.start });
    const inForce = (['primary', 'backup'] as const).flatMap((b) => before.filter((e) => e.kind === 'fault' && e.broker === b).slice(-1));
    return [...inForce, ...ownConnections(withoutPreviousBoot(this.timeline.events({ since: this.start })))];
  }

  waitFor(predicate: (e: TimelineEvent) => boolean, deviceMs: number, description: string, since = this.start): Promise<TimelineEvent> {
    const timeoutMs = this.board.deadline(deviceMs);
    this.#allow(timeoutMs);
    return this.timeline.waitFor(predicate, { timeoutMs, since, description });
  }

  /**
   * The test's time limit follows its waits: each wait's own deadline (device time from
   * the model's upper window bounds, at the board's time scale, plus the session's slack)
   * is added on top of what has been used. The project's base limit covers setup.
   */
  #allow(wallMs: number): void {
    const needed = Math.ceil(now() - this.#limitOrigin + wallMs + LIMIT_SLACK_MS);
    if (needed > this.#ctx.testInfo.timeout) this.#ctx.testInfo.setTimeout(needed);
  }

  /**
   * Watches for an event for a window of device time and resolves with it, or with
   * undefined when the window closes: the way to give a board its chance to do something
   * whose absence a check then judges (a PUBACK that never comes).
   */
  async watch(predicate: (e: TimelineEvent) => boolean, deviceMs: number, description: string, since = this.start): Promise<TimelineEvent | undefined> {
    // An absence is judged once the board was watched ε after its cue, and ε grows with the
    // lag the host shows: on a busy host a fixed window ends before the checks' ε does and
    // the absence goes unjudged (seen beside stress-ng: lib-no-puback-unmatched not judged).
    // So the window is at least 1.5 × the ε that the lag so far gives; the event ends it at once.
    const lagSoFar = this.#ctx.lag?.sample().maxMs ?? 0;
    const { scale, epsilonMs } = this.target.time;
    const timeoutMs = this.target.time.toWallMs(Math.max(deviceMs, 1.5 * epsilonForLag(epsilonMs, lagSoFar, scale)));
    this.#allow(timeoutMs);
    try {
      return await this.timeline.waitFor(predicate, { timeoutMs, since, description });
    } catch (err) {
      if (err instanceof TimelineTimeoutError) return undefined;
      throw err;
    }
  }

  /**
   * Waits until `broker` has accepted `count` TCP connections since the scenario started,
   * and the board's serial log shows as many attempts to it, so both views are complete.
   */
  async waitForAttempts(broker: BrokerName, count: number, deviceMs: number): Promise<void> {
    let seen = 0;
    await this.waitFor((e) => e.kind === 'tcp.accept' && e.broker === broker && ++seen >= count, deviceMs, `${count} TCP attempts on ${broker}`);
    await this.waitForSerialAttempts(count, 2_000, `:${this.brokers[broker].port}`);
  }

  /** Waits for the serial line of the `count`-th attempt (`MQTT0 connecting to …`), for closed ports. */
  async waitForSerialAttempts(count: number, deviceMs: number, server?: string): Promise<void> {
    let seen = 0;
    await this.waitFor(
      (e) => {
        if (e.kind !== 'serial') return false;
        const to = libraryLog.connectingTo.exec(logMessageOf(e.line));
        return to !== null && (!server || to[1]!.endsWith(server)) && ++seen >= count;
      },
      deviceMs,
      `${count} "MQTT0 connecting to${server ? ` ${server}` : ''}" lines`,
    );
  }

  /** Waits for a CONNACK 0 sent by `broker` at or after `since`. */
  async waitForSession(broker: BrokerName, deviceMs: number, since = this.start): Promise<EventOf<'mqtt.packet'>> {
    return (await this.waitFor(
      (e) => e.kind === 'mqtt.packet' && e.broker === broker && e.dir === 'out' && e.type === 'connack' && e.returnCode === 0,
      deviceMs,
      `a session (CONNACK 0) on ${broker}`,
      since,
    )) as EventOf<'mqtt.packet'>;
  }

  /** Waits for the device's `HIL {"ev":…}` line matching `match`. */
  async waitForEvent(ev: string, deviceMs: number, match: (e: Record<string, unknown>) => boolean = () => true, since = this.start): Promise<void> {
    await this.waitFor(
      (e) => {
        const event = hilEventOf(e) as Record<string, unknown> | undefined;
        return event?.ev === ev && match(event);
      },
      deviceMs,
      `the device's ${ev} event line`,
      since,
    );
  }

  // ── verdicts ─────────────────────────────────────────────────────────────

  /** What the checks judge: the board, the config written, the slice, the actions. Pure: asking twice gives the same. */
  input(): CheckInput {
    const { start, config, deviceId } = this.#setUpState('input()');
    const { target, peers } = this.#ctx;
    const { scale, epsilonMs } = target.time;
    const lag = this.#lag;
    return {
      board: {
        name: target.name,
        deviceId,
        timeScale: scale,
        // Every stamp may be as late as the harness's event loop ran: ε covers at least that.
        // ε takes the two processes' lateness together (one gap can hold both); whether the
        // host was too loaded to judge, and the pairing of lines, go by the worse of them.
        epsilonMs: lag ? epsilonForLag(epsilonMs, lag.maxMs + (lag.boardMs ?? 0), scale) : epsilonMs,
        ...(lag ? { hostLagMs: Math.max(lag.maxMs, lag.boardMs ?? 0) } : {}),
      },
      config,
      events: this.events(),
      actions: this.#recorder.withPeerReceived(peers, start),
    };
  }

  /**
   * Runs the scenario's steps, then its checks. A step that waits in vain for something
   * the *device* should do (an attempt, a session, a message: a timeline or peer deadline)
   * does not stop the checks from judging what was seen: a board that misbehaves must be
   * shown failing the check that concerns it, not merely breaking the scenario. The test
   * then fails on any non-pass verdict; if every check passed although a wait expired, it
   * fails with that wait's error. Anything else — setup not completed, the port gone, the
   * board not answering or not booting, a reply that breaks the contract — means the
   * scenario could not do its job: it is broken with that first cause and judges nothing.
   */
  async verifying(ids: CheckId[], steps: () => Promise<void>): Promise<Verdict[]> {
    let waitedInVain: Error | undefined;
    try {
      await steps();
    } catch (err) {
      if (!this.#state || !isDeviceWait(err)) throw await this.#broken(err);
      // A wait that ran out because the port vanished says nothing about the board's behaviour.
      const closed = this.board.link.closedInfo;
      if (closed?.disconnected) throw await this.#broken(new PortClosedError(this.board.link.path, true, `a scenario step waited (${firstLine(err)})`));
      waitedInVain = err as Error;
      this.note(NOTE.waitExpired, { error: (err as Error).message.split('\n')[0] });
    }
    const verdicts = await this.#judge(ids);
    const bad = verdicts.filter((v) => v.verdict !== 'pass');
    if (bad.length > 0) {
      const lines = bad.map((v) => `${v.id}: ${v.verdict.toUpperCase()} — ${v.reason}\n  expected: ${JSON.stringify(v.expected)}\n  observed: ${JSON.stringify(v.observed)}`);
      if (waitedInVain) lines.push(`(and a step waited in vain: ${waitedInVain.message.split('\n')[0]})`);
      throw new ScenarioError(lines.join('\n'));
    }
    if (waitedInVain) throw waitedInVain;
    return verdicts;
  }

  /** Runs the checks and attaches the verdicts to the test (the results reporter collects them). */
  async #judge(ids: CheckId[]): Promise<Verdict[]> {
    // Marks how long the board was watched: a check judging an absence needs the end of
    // the observation, not the time of the last thing that happened.
    this.#lag = await this.#measuredLag();
    this.note(NOTE.checksJudge, { checks: ids, ...(this.#lag ? { hostLag: this.#lag } : {}) });
    const input = this.input();
    // Re-judging needs no secret: the checks see only whether a password was set, which masking keeps.
    if (this.#ctx.inputPath) writeJsonAtomic(this.#ctx.inputPath, redact({ checks: ids, input }));
    const obs = observe(input);
    const verdicts = judgeScenario(ids, obs);
    await this.#ctx.testInfo.attach(VERDICT_ATTACHMENT, { body: JSON.stringify(verdicts), contentType: 'application/json' });
    const delays: ScenarioDelays = { epsilonMs: input.board.epsilonMs, samples: delaySamples(obs) };
    await this.#ctx.testInfo.attach(DELAYS_ATTACHMENT, { body: JSON.stringify(delays), contentType: 'application/json' });
    return verdicts;
  }

  /**
   * The worst lateness over the scenario: the harness's own and a virtual board's (it
   * reports how late its timers ran since the previous Sys.GetInfo: the one at the end of
   * setup covers the reboot and the slice's first moments, this one the rest). For ε they
   * add: the two are separate processes, and one gap can hold both, the board's timer firing
   * late and the harness stamping the next accept late (soak under stress-ng, 2026-12-01:
   * a gap 2556 device ms past its logged delay at time scale 20, with the board 18 ms late
   * and the accept stamped 103 ms after the board's `connecting to` line; the harness had
   * measured 92.5 ms, the board 45.3 ms, and ε from the larger alone was 2450). A board that
   * cannot be asked leaves the harness's figure and what setup learnt.
   */
  async #measuredLag(): Promise<ScenarioLag | undefined> {
    const own = this.#ctx.lag?.sample();
    if (!own || this.#ctx.target.kind !== 'virtual') return own;
    let boardLag: unknown;
    try {
      boardLag = (await this.board.info()).lag_ms;
    } catch {
      boardLag = undefined;
    }
    const board = [boardLag, this.#setupBoardLagMs].filter((x): x is number => typeof x === 'number');
    return board.length > 0 ? { ...own, boardMs: Math.max(...board) } : own;
  }

  async #broken(err: unknown): Promise<ScenarioBrokenError> {
    const since = this.#state?.start ?? this.#limitOrigin;
    const reason = brokenCause(err, { setUp: this.#state !== undefined, serial: this.timeline.events({ kind: 'serial', since }) as EventOf<'serial'>[] });
    this.note(NOTE.scenarioBroken, { reason });
    await this.#ctx.testInfo.attach(BROKEN_ATTACHMENT, { body: JSON.stringify({ reason }), contentType: 'application/json' });
    return new ScenarioBrokenError(reason, { cause: err });
  }

  // Every action a spec calls is a step of the Playwright report, located at the spec's line.
  static {
    wrapInSteps(
      Scenario.prototype,
      ['setup', 'setTime', 'pub', 'pubf', 'sub', 'unsub', 'setMaxQos', 'configure', 'connect', 'disconnect', 'reset', 'fault', 'peerSubscribe', 'peerPublish', 'waitFor', 'watch', 'waitForAttempts', 'waitForSerialAttempts', 'waitForSession', 'waitForEvent', 'verifying', 'rawSub', 'globalConn'],
      (s) => s.#ctx.step,
    );
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

/** A deadline on something the device should do, seen from the outside (gate, timeline, peer). */
function isDeviceWait(err: unknown): boolean {
  return err instanceof TimelineTimeoutError || err instanceof PeerTimeoutError;
}

const connKey = (e: { broker: string; conn: number }) => `${e.broker}#${e.conn}`;

/**
 * Drops the events of connections accepted before the slice began (a previous boot's
 * session fenced at setup, or one the broker still held): they are not this scenario's evidence.
 */
/**
 * The slice starts at the boot line's stamp, and a serial chunk stamps every line in it
 * with its arrival: the previous boot's last lines ("MQTT0 connecting to", "Rebooting in
 * 500 ms"), read in the same chunk as the new boot's banner, share its stamp. They come
 * before the first banner or boot line in order and belong to the boot the scenario did
 * not watch (seen in CI under load: a phantom attempt shifted every attempt's number).
 */
export function withoutPreviousBoot(events: readonly TimelineEvent[]): TimelineEvent[] {
  const first = events.findIndex((e) => (e.kind === 'serial' && e.line.type === 'banner') || isHilEvent(e, 'boot'));
  if (first <= 0) return [...events];
  return events.filter((e, i) => i >= first || e.kind !== 'serial');
}

export function ownConnections(events: readonly TimelineEvent[]): TimelineEvent[] {
  const own = new Set(events.flatMap((e) => (e.kind === 'tcp.accept' ? [connKey(e)] : [])));
  return events.filter((e) => !('conn' in e) || own.has(connKey(e)));
}
