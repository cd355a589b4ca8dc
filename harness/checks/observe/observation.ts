/**
 * One observation of a scenario's evidence, shared by every check and by the report's
 * chart: each view (connections, sessions, attempts, runs, publishes, …) is computed the
 * first time it is asked for and then kept, so twenty checks on one scenario rebuild
 * nothing. Views are read-only: a check that sorted or pushed into one would change what
 * the next check sees.
 *
 * Views are built by the `observe*` functions of this folder, which read the views they
 * stand on from the observation. Nothing but this file calls them (a test holds checks
 * to that), so a check cannot recompute a view by accident.
 */
import type { QosCap } from '../../model/qos.ts';
import { rememberedAt, type SubChange, type Subscription } from '../../model/subscriptions.ts';
import type { ActionOf, BoardInfo, CheckInput, ScenarioAction } from '../input.ts';
import { observeAttempts, type ObservedAttempt } from './attempts.ts';
import { type ConfigAt, type Configs, configOverTime } from './config.ts';
import { type ConnectFnOfConnection, observeConnectFn } from './connect-fn.ts';
import { type Connection, isSession, observeConnections, type Packet } from './connections.ts';
import { type FaultWindow, observeFaultWindows } from './faults.ts';
import { observeOfflineGroups, type OfflineGroup } from './offline-pubs.ts';
import { brokerDeliveries, type Delivery, deviceSent } from './publishes.ts';
import { type Breaker, judgeRuns, observeBreakers, observeRuns, type Run, type RunJudgement } from './runs.ts';
import { type EventLine, type LogLine, observeBoots, observeEventLines, observeLogLines } from './serial.ts';
import { observeSessionSubs, type SessionSubs } from './session-subs.ts';
import { localFilters } from './local-filters.ts';
import { observeActions, observeCap, observeSubChanges } from './state.ts';

export function observe(input: CheckInput): Observation {
  return new Observation(input);
}

export class Observation {
  readonly #views = new Map<string, unknown>();

  constructor(readonly input: CheckInput) {}

  /** Computes a view once; a view that throws is not kept (asking again throws again). */
  #once<T>(key: string, compute: () => T): T {
    if (this.#views.has(key)) return this.#views.get(key) as T;
    const v = compute();
    this.#views.set(key, v);
    return v;
  }

  get board(): BoardInfo {
    return this.input.board;
  }

  /** Harness ms of the slice's last event or action. */
  get end(): number {
    return this.#once('end', () => sliceEnd(this.input));
  }

  /** Device ms for a span of harness ms. */
  deviceMs(harnessMs: number): number {
    return harnessMs * this.input.board.timeScale;
  }

  /** The config in force at harness time `t`: the start config plus the `config` actions up to `t`. */
  configAt(t: number): Configs {
    return this.#once<ConfigAt>('configAt', () => configOverTime(this.input))(t);
  }

  /** The scenario's actions of one kind, by time. */
  actionsOf<K extends ScenarioAction['kind']>(kind: K): readonly ActionOf<K>[] {
    return this.#once(`actions:${kind}`, () => observeActions(this.input, kind));
  }

  // Serial.
  get logLines(): readonly LogLine[] {
    return this.#once('logLines', () => observeLogLines(this.input));
  }

  get eventLines(): readonly EventLine[] {
    return this.#once('eventLines', () => observeEventLines(this.input));
  }

  /** Stamps of boot banners: each is a reboot. */
  get boots(): readonly number[] {
    return this.#once('boots', () => observeBoots(this.input));
  }

  // The gates.
  /** TCP connections accepted in the slice, in accept order. */
  get connections(): readonly Connection[] {
    return this.#once('connections', () => observeConnections(this.input));
  }

  /** Connections that got CONNACK 0. */
  get sessions(): readonly Connection[] {
    return this.#once('sessions', () => this.connections.filter(isSession));
  }

  /** The device's PUBLISH packets, by time. */
  get publishes(): readonly Packet[] {
    return this.#once('publishes', () => deviceSent(this.connections, 'publish'));
  }

  /** The device's SUBSCRIBE packets, by time. */
  get subscribes(): readonly Packet[] {
    return this.#once('subscribes', () => deviceSent(this.connections, 'subscribe'));
  }

  /** The broker's PUBLISH packets to the device, with their connection. */
  get deliveries(): readonly Delivery[] {
    return this.#once('deliveries', () => brokerDeliveries(this.connections));
  }

  /** The periods during which `fault` was in force on a broker. */
  faultWindows(fault: string): readonly FaultWindow[] {
    return this.#once(`faults:${fault}`, () => observeFaultWindows(this, fault));
  }

  // Attempts and the schedule.
  /** Connection attempts, gate and serial views merged, by start. */
  get attempts(): readonly ObservedAttempt[] {
    return this.#once('attempts', () => observeAttempts(this));
  }

  /** What starts a new run: boots, resets, HIL.Connect, HIL.Disconnect. */
  get breakers(): readonly Breaker[] {
    return this.#once('breakers', () => observeBreakers(this));
  }

  get runs(): readonly Run[] {
    return this.#once('runs', () => observeRuns(this));
  }

  /** Each run lined up with the schedule the model (following the doc) expects. */
  get judgedRuns(): readonly RunJudgement[] {
    return this.#once('judgedRuns', () => judgeRuns(this));
  }

  // Client state the model derives from the actions.
  /** The QoS cap in force over time. */
  get cap(): QosCap {
    return this.#once('cap', () => observeCap(this.input));
  }

  get subChanges(): readonly SubChange[] {
    return this.#once('subChanges', () => observeSubChanges(this.input));
  }

  /** The subscriptions the device remembers at harness time `t`. */
  rememberedSubs(t: number): Subscription[] {
    return rememberedAt(this.subChanges, this.cap.at, t);
  }

  /** Every filter (C, JS or raw) the board's subscription list holds at `t` (`before`: the actions at `t` not yet applied). */
  localFilters(t: number, before = false): Set<string> {
    return localFilters(this, t, before);
  }

  /** Per session: the topics remembered at its CONNACK and the SUBSCRIBEs it sent. */
  get sessionSubs(): readonly SessionSubs[] {
    return this.#once('sessionSubs', () => observeSessionSubs(this));
  }

  /** Per connection, whether the firmware's connect callback was set at its TCP connect (HIL.SetConnectFn). */
  get connectFn(): readonly ConnectFnOfConnection[] {
    return this.#once('connectFn', () => observeConnectFn(this.connections, this.actionsOf('set-connect-fn'), this.boots));
  }

  /** The connect-callback state of one connection of `connections` ('off' for one not among them). */
  connectFnOf(c: Connection): ConnectFnOfConnection {
    return this.connectFn.find((x) => x.conn === c) ?? { conn: c, state: 'off' };
  }

  /** Publishes made offline, grouped by the session that should replay them. */
  get offlineGroups(): readonly OfflineGroup[] {
    return this.#once('offlineGroups', () => observeOfflineGroups(this));
  }
}

function sliceEnd(input: CheckInput): number {
  let end = 0;
  for (const e of input.events) end = Math.max(end, e.t);
  for (const a of input.actions) end = Math.max(end, a.t);
  return end;
}
