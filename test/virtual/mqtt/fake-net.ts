/**
 * An in-process network for the MQTT client's unit tests, on the fake clock: each
 * `host:port` has a behaviour (refuse, accept and answer like a broker, accept and stay
 * silent). Every reaction is scheduled on the clock with delay 0, so nothing re-enters
 * the client while it is sending, and `clock.advance()` drives everything.
 */
import { EventEmitter } from 'node:events';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { MqttTransport } from '../../../harness/virtual/mqtt/deps.ts';
import type { FakeClock } from '../../helpers/fake-clock.ts';

export type ServerMode = 'refuse' | 'broker' | 'silent';

export interface ServerBehaviour {
  mode: ServerMode;
  /** CONNACK return code in broker mode (0 accepts). */
  connackCode?: number;
  /** Answer PUBLISH QoS 1/2 with PUBACK/PUBREC (default true). */
  ackPublishes?: boolean;
  /** Answer PINGREQ with PINGRESP (default true). */
  answerPings?: boolean;
}

export interface Received {
  t: number;
  packet: Packet;
}

export class FakeConnection extends EventEmitter implements MqttTransport {
  connecting = true;
  destroyed = false;
  ended = false;
  readonly received: Received[] = [];
  readonly #parser = mqttPacket.parser({ protocolVersion: 4 });

  constructor(
    readonly net: FakeNet,
    readonly host: string,
    readonly port: number,
    readonly openedAt: number,
    readonly behaviour: ServerBehaviour,
  ) {
    super();
    this.#parser.on('packet', (p: Packet) => {
      this.received.push({ t: net.clock.now(), packet: p });
      this.#answer(p);
    });
    this.#parser.on('error', (e: Error) => {
      throw new Error(`the client sent bytes that do not parse as MQTT: ${e.message}`);
    });
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  write(chunk: Uint8Array): boolean {
    if (this.destroyed || this.ended) throw new Error(`client wrote to a closed connection to ${this.address}`);
    this.#parser.parse(Buffer.from(chunk));
    return true;
  }

  end(): void {
    this.ended = true;
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** Packets of one type the client sent on this connection. */
  sent<C extends Packet['cmd']>(cmd: C): Extract<Packet, { cmd: C }>[] {
    return this.received.filter((r) => r.packet.cmd === cmd).map((r) => r.packet as Extract<Packet, { cmd: C }>);
  }

  /** The broker sends a packet to the client (delivered at the current time, after pending reactions). */
  deliver(packet: Packet): void {
    this.deliverBytes(mqttPacket.generate(packet));
  }

  deliverBytes(bytes: Buffer): void {
    this.net.clock.after(0, () => {
      if (!this.destroyed) this.emit('data', bytes);
    });
  }

  /** The broker side closes the connection. */
  closeFromBroker(): void {
    this.net.clock.after(0, () => {
      if (this.destroyed) return;
      this.destroyed = true;
      this.emit('close');
    });
  }

  /** Called by FakeNet once the client has attached its listeners. */
  open(): void {
    this.net.clock.after(0, () => {
      if (this.destroyed) return;
      if (this.behaviour.mode === 'refuse') {
        this.destroyed = true;
        this.emit('error', Object.assign(new Error(`connect ECONNREFUSED ${this.address}`), { code: 'ECONNREFUSED' }));
        this.emit('close');
        return;
      }
      this.connecting = false;
      this.emit('connect');
    });
  }

  #answer(p: Packet): void {
    if (this.behaviour.mode !== 'broker') return;
    switch (p.cmd) {
      case 'connect':
        this.deliver({ cmd: 'connack', returnCode: this.behaviour.connackCode ?? 0, sessionPresent: false });
        return;
      case 'subscribe':
        this.deliver({ cmd: 'suback', messageId: p.messageId ?? 0, granted: p.subscriptions.map((s) => s.qos) });
        return;
      case 'unsubscribe':
        this.deliver({ cmd: 'unsuback', messageId: p.messageId ?? 0, granted: [] });
        return;
      case 'publish':
        if (this.behaviour.ackPublishes === false || p.qos === 0) return;
        this.deliver({ cmd: p.qos === 1 ? 'puback' : 'pubrec', messageId: p.messageId ?? 0 });
        return;
      case 'pubrel':
        this.deliver({ cmd: 'pubcomp', messageId: p.messageId ?? 0 });
        return;
      case 'pingreq':
        if (this.behaviour.answerPings !== false) this.deliver({ cmd: 'pingresp' });
        return;
      default:
        return;
    }
  }
}

export class FakeNet {
  readonly connections: FakeConnection[] = [];
  readonly #servers = new Map<string, ServerBehaviour>();

  constructor(readonly clock: FakeClock) {}

  /** Sets what `host:port` does for connections opened from now on. */
  serve(address: string, behaviour: ServerBehaviour | ServerMode): void {
    this.#servers.set(address, typeof behaviour === 'string' ? { mode: behaviour } : behaviour);
  }

  readonly connect = (host: string, port: number): FakeConnection => {
    const address = `${host}:${port}`;
    const behaviour = this.#servers.get(address) ?? { mode: 'refuse' };
    const conn = new FakeConnection(this, host, port, this.clock.now(), behaviour);
    this.connections.push(conn);
    // Listeners are attached right after connectTcp returns; reactions wait for the clock.
    conn.open();
    return conn;
  };

  get last(): FakeConnection {
    const c = this.connections.at(-1);
    if (c === undefined) throw new Error('no connection was opened');
    return c;
  }
}
