/**
 * The fault gate in front of one broker. It owns the listening socket(s), adopts every
 * accepted connection, records what crosses it, and applies the active chain of faults
 * (faults/) per connection and per packet. Fault changes are applied one at a time, in
 * the order they were asked for.
 */
import type { Socket } from 'node:net';
import type { MonoMs } from '../clock.ts';
import type { Duplex } from 'node:stream';
import type { BrokerName } from '../timeline/events.ts';
import type { Timeline } from '../timeline/timeline.ts';
import type { CloseHow, Fault, FaultConnection, FaultContext, Frame, FrameVerdict } from './faults/fault.ts';
import { combineVerdicts } from './faults/fault.ts';
import { createFault, type FaultSpec, parseFaultSetting } from './faults/registry.ts';
import { type ConnectionEnv, type ConnectionInfo, GateConnection } from './gate-connection.ts';
import type { GateListener } from './tcp-listener.ts';

export const DEFAULT_MAX_PACKET_BYTES = 4 * 1024 * 1024;

export interface FaultGateOptions {
  broker: BrokerName;
  timeline: Timeline;
  /** Hands a connection's broker-side stream to the broker (aedes `handle`). */
  connectBroker: (stream: Duplex) => void;
  /** Larger packets make the gate close the connection (default 4 MiB). */
  maxPacketBytes?: number;
  /** Uniform in [0, 1), for random delays (default Math.random). */
  random?: () => number;
}

type GateState = 'running' | 'closing' | 'closed';

export class FaultGate {
  readonly broker: BrokerName;
  private readonly timeline: Timeline;
  private readonly env: ConnectionEnv;
  private readonly live = new Map<number, GateConnection>();
  /** Connections whose socket or broker-side stream is still open. */
  private readonly unfinished = new Set<GateConnection>();
  private readonly sockets = new Map<number, GateConnection>();
  private readonly listeners: GateListener[] = [];
  private readonly faultTimers = new Map<number, Set<NodeJS.Timeout>>();
  private readonly context: FaultContext;
  private chain: Array<{ spec: FaultSpec; fault: Fault }> = [];
  private changes: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private state: GateState = 'running';

  constructor(options: FaultGateOptions) {
    this.broker = options.broker;
    this.timeline = options.timeline;
    const random = options.random ?? Math.random;
    this.env = {
      broker: options.broker,
      timeline: options.timeline,
      maxPacketBytes: options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES,
      judge: (frame, conn) => this.judge(frame, conn),
      connectBroker: options.connectBroker,
      ended: (conn) => this.ended(conn),
      released: (conn) => this.sockets.delete(conn.id),
    };
    this.context = {
      broker: options.broker,
      connections: () => [...this.live.values()],
      after: (conn, ms, fn) => this.after(conn, ms, fn),
      random,
    };
  }

  /** The active chain; empty means `accept`. */
  get faults(): readonly FaultSpec[] {
    return this.chain.map((c) => c.spec);
  }

  get connections(): ConnectionInfo[] {
    return [...this.sockets.values()].map((c) => c.info());
  }

  get listening(): boolean {
    return this.listeners.some((l) => l.listening);
  }

  get ports(): number[] {
    return this.listeners.map((l) => l.port);
  }

  /** Adds a listener and starts it unless a fault says nothing may listen. */
  async addListener(listener: GateListener): Promise<void> {
    this.assertRunning('addListener');
    this.listeners.push(listener);
    if (this.shouldListen()) await this.startListener(listener);
  }

  /**
   * Validates and switches to a fault setting (one spec or a chain). Invalid input throws
   * a FaultSpecError before anything changes. Resolves with the active chain.
   */
  setFaults(setting: unknown): Promise<readonly FaultSpec[]> {
    this.assertRunning('setFaults');
    const specs = parseFaultSetting(setting);
    const change = this.changes.then(() => this.apply(specs));
    this.changes = change.catch(() => undefined);
    return change;
  }

  /** Cuts every live connection now, without changing the fault. */
  dropAll(how: CloseHow = 'rst', reason = 'dropAll'): void {
    for (const conn of [...this.live.values()]) conn.close({ how, reason });
  }

  /**
   * Fences off every live connection accepted before `before` (see GateConnection.fence):
   * after a reboot a board's previous TCP session stays open at the broker, since a
   * restarting ESP32 sends nothing on it. Resolves with the ids fenced.
   */
  fenceBefore(before: MonoMs, reason: string): number[] {
    const old = [...this.live.values()].filter((c) => c.acceptedAt < before);
    for (const conn of old) conn.fence(reason);
    return old.map((c) => c.id);
  }

  /** Stops listening, closes every connection, clears every timer. */
  async close(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'closing';
    await this.changes;
    for (const listener of this.listeners) this.stopListener(listener);
    this.dropAll('fin', 'broker shutting down');
    for (const timers of this.faultTimers.values()) for (const timer of timers) clearTimeout(timer);
    this.faultTimers.clear();
    await Promise.all([...this.sockets.values()].map((c) => c.closed));
    await Promise.all(this.listeners.map((l) => l.released()));
    this.state = 'closed';
  }

  /** Ends broker-side streams the broker has not let go of (call after the broker closed). */
  releaseBrokerStreams(): void {
    for (const conn of this.unfinished) conn.destroyBrokerEnd();
  }

  private async apply(specs: FaultSpec[]): Promise<readonly FaultSpec[]> {
    if (this.state !== 'running') throw new Error(`the ${this.broker} gate is closed; cannot change its fault`);
    for (const timers of this.faultTimers.values()) for (const timer of timers) clearTimeout(timer);
    this.faultTimers.clear();
    for (const conn of this.live.values()) conn.flushHeld();
    this.chain = specs.map((spec) => ({ spec, fault: createFault(spec) }));
    this.timeline.stamp({ kind: 'fault', broker: this.broker, ...faultEventFields(specs) });
    const listen = this.shouldListen();
    for (const listener of this.listeners) {
      if (listen && !listener.listening) await this.startListener(listener);
      if (!listen && listener.listening) this.stopListener(listener);
    }
    for (const { fault } of this.chain) fault.start?.(this.context);
    return this.faults;
  }

  private adopt(socket: Socket, listener: GateListener): void {
    // The accept happened now: read the clock before any bookkeeping of it.
    const acceptedAt = this.timeline.now();
    if (this.state !== 'running') {
      socket.destroy();
      return;
    }
    const id = this.nextId++;
    const conn = new GateConnection(socket, this.env, id, listener.upgrade, acceptedAt);
    this.live.set(id, conn);
    this.sockets.set(id, conn);
    this.unfinished.add(conn);
    void conn.finished.then(() => this.unfinished.delete(conn));
    this.timeline.stamp({ kind: 'tcp.accept', broker: this.broker, conn: id, remote: conn.remote }, conn.acceptedAt);
    for (const { fault } of this.chain) {
      if (!conn.isOpen) break;
      fault.onAccept?.(conn, this.context);
    }
    // Behind a TLS or WebSocket listener the upgrade starts only now: accept faults act before it.
    conn.begin();
  }

  private judge(frame: Frame, conn: FaultConnection): FrameVerdict {
    if (this.chain.length === 0) return {};
    return combineVerdicts(this.chain.map(({ fault }) => fault.onFrame?.(frame, conn, this.context)));
  }

  private ended(conn: GateConnection): void {
    this.live.delete(conn.id);
    const timers = this.faultTimers.get(conn.id);
    if (timers) for (const timer of timers) clearTimeout(timer);
    this.faultTimers.delete(conn.id);
    for (const { fault } of this.chain) fault.onClose?.(conn);
  }

  private after(conn: FaultConnection, ms: number, fn: () => void): void {
    if (!conn.isOpen) return;
    let timers = this.faultTimers.get(conn.id);
    if (!timers) {
      timers = new Set();
      this.faultTimers.set(conn.id, timers);
    }
    const own = timers;
    const timer = setTimeout(() => {
      own.delete(timer);
      if (conn.isOpen) fn();
    }, ms);
    own.add(timer);
  }

  private shouldListen(): boolean {
    return this.chain.every(({ fault }) => fault.listening !== false);
  }

  private async startListener(listener: GateListener): Promise<void> {
    await listener.start((socket) => this.adopt(socket, listener));
    this.timeline.stamp({ kind: 'listen', broker: this.broker, port: listener.port, listening: true });
  }

  private stopListener(listener: GateListener): void {
    if (!listener.listening) return;
    listener.stop();
    this.timeline.stamp({ kind: 'listen', broker: this.broker, port: listener.port, listening: false });
  }

  private assertRunning(method: string): void {
    if (this.state !== 'running') throw new Error(`${method}: the ${this.broker} gate is ${this.state}`);
  }
}

/** The `fault` event's name and params for a chain. */
function faultEventFields(specs: readonly FaultSpec[]): { fault: string; params: Record<string, unknown> } {
  if (specs.length === 0) return { fault: 'accept', params: {} };
  if (specs.length === 1) {
    const { fault, ...params } = specs[0]!;
    return { fault, params };
  }
  return { fault: specs.map((s) => s.fault).join('+'), params: { chain: specs } };
}
