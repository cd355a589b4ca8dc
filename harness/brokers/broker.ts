/**
 * One broker as the harness runs it: an aedes instance that owns no socket, behind a
 * fault gate that does. Devices reach it only through the gate; the harness's own
 * clients (peer.ts) reach it through `openInternalStream`, past the gate, so a fault
 * never blinds the harness and its traffic never mixes with the device's in the timeline.
 */
import type { Duplex } from 'node:stream';
import { Aedes, type AedesOptions } from 'aedes';
import type { BrokerName } from '../timeline/events.ts';
import type { Timeline } from '../timeline/timeline.ts';
import type { CloseHow } from './faults/fault.ts';
import type { FaultSpec } from './faults/registry.ts';
import { FaultGate } from './gate.ts';
import type { ConnectionInfo } from './gate-connection.ts';
import { duplexPair } from './streams.ts';
import { type GateListener, TcpListener } from './tcp-listener.ts';
import { TlsListener, type TlsServerIdentity } from './tls-listener.ts';
import { WsListener } from './ws-listener.ts';

export interface BrokerOptions {
  name: BrokerName;
  timeline: Timeline;
  /** Address to bind: the interface the boards reach over Wi-Fi, or 127.0.0.1 in tests. */
  host: string;
  /** 0: any free port (read it back from `port`). */
  port: number;
  /** Hooks and limits for aedes (authenticate, authorizePublish, …). */
  aedes?: AedesOptions;
  maxPacketBytes?: number;
  random?: () => number;
}

type BrokerState = 'running' | 'closing' | 'closed';

export class Broker {
  readonly name: BrokerName;
  readonly host: string;
  readonly aedes: Aedes;
  readonly gate: FaultGate;
  private readonly tcp: GateListener;
  private tlsListener: TlsListener | undefined;
  private wsListener: WsListener | undefined;
  private readonly internalStreams = new Set<Duplex>();
  private state: BrokerState = 'running';

  private constructor(options: BrokerOptions, aedes: Aedes) {
    this.name = options.name;
    this.host = options.host;
    this.aedes = aedes;
    const gateOptions: ConstructorParameters<typeof FaultGate>[0] = {
      broker: options.name,
      timeline: options.timeline,
      connectBroker: (stream) => aedes.handle(stream),
    };
    if (options.maxPacketBytes !== undefined) gateOptions.maxPacketBytes = options.maxPacketBytes;
    if (options.random !== undefined) gateOptions.random = options.random;
    this.gate = new FaultGate(gateOptions);
    this.tcp = new TcpListener({ host: options.host, port: options.port });
  }

  static async start(options: BrokerOptions): Promise<Broker> {
    const aedes = await Aedes.createBroker({ id: `hil-${options.name}`, ...options.aedes });
    const broker = new Broker(options, aedes);
    try {
      await broker.gate.addListener(broker.tcp);
    } catch (err) {
      await broker.close();
      throw new Error(`${options.name} broker: ${(err as Error).message}`);
    }
    return broker;
  }

  /** The TCP port devices connect to (stays the same while `closed` is on). */
  get port(): number {
    return this.tcp.port;
  }

  /** The TLS port in front of the same gate, once added (faults act on it as on the TCP port). */
  get tls(): TlsListener | undefined {
    return this.tlsListener;
  }

  /** Adds a TLS listener to the gate (one per broker); `port` 0 picks a free one. */
  async addTlsListener(identity: TlsServerIdentity, port = 0): Promise<TlsListener> {
    if (this.tlsListener) throw new Error(`the ${this.name} broker already has a TLS listener on port ${this.tlsListener.port}`);
    const listener = new TlsListener({ host: this.host, port, identity });
    await this.gate.addListener(listener);
    this.tlsListener = listener;
    return listener;
  }

  /** The WebSocket port in front of the same gate, once added (faults act on it as on the TCP port). */
  get ws(): WsListener | undefined {
    return this.wsListener;
  }

  /** Adds a WebSocket listener serving `path` to the gate (one per broker); `port` 0 picks a free one. */
  async addWsListener(path?: string, port = 0): Promise<WsListener> {
    if (this.wsListener) throw new Error(`the ${this.name} broker already has a WebSocket listener on port ${this.wsListener.port}`);
    const listener = new WsListener({ host: this.host, port, ...(path !== undefined ? { path } : {}) });
    await this.gate.addListener(listener);
    this.wsListener = listener;
    return listener;
  }

  get listening(): boolean {
    return this.gate.listening;
  }

  /** The active fault: one spec, or the chain when several are on (`accept` when none). */
  get fault(): FaultSpec | FaultSpec[] {
    const chain = this.gate.faults;
    if (chain.length === 0) return { fault: 'accept' };
    return chain.length === 1 ? chain[0]! : [...chain];
  }

  get faults(): readonly FaultSpec[] {
    return this.gate.faults;
  }

  get connections(): ConnectionInfo[] {
    return this.gate.connections;
  }

  /** Switches the fault (validated; a FaultSpecError names what is wrong). */
  setFault(setting: unknown): Promise<readonly FaultSpec[]> {
    return this.gate.setFaults(setting);
  }

  /** Cuts every live device connection now (the fault stays as it is). */
  dropAll(how: CloseHow = 'rst'): void {
    this.gate.dropAll(how);
  }

  /** A stream straight into the broker, past the gate (for the harness's own clients). */
  openInternalStream(): Duplex {
    if (this.state !== 'running') throw new Error(`the ${this.name} broker is ${this.state}; cannot open a stream`);
    const [harnessEnd, brokerEnd] = duplexPair();
    this.internalStreams.add(harnessEnd);
    harnessEnd.once('close', () => this.internalStreams.delete(harnessEnd));
    this.aedes.handle(brokerEnd);
    return harnessEnd;
  }

  /** Stops listening, closes every connection and the broker; leaves no socket or timer. */
  async close(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'closing';
    await this.gate.close();
    for (const stream of this.internalStreams) stream.destroy();
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    this.gate.releaseBrokerStreams();
    // Closed handles leave the event loop in its next close phase.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.state = 'closed';
  }
}
