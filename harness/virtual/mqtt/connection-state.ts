/**
 * The lifecycle of the client's socket, as an explicit state machine. The reconnect timer
 * is separate on purpose: the library lets a pending timer survive an explicit
 * disconnect and an attempt started by "IP acquired", so the two overlap.
 */
export enum ConnState {
  /** mqtt.enable was false at boot: there is no connection object; nothing ever connects. */
  NoConnection = 'no-connection',
  /** Not booted yet. */
  Unbooted = 'unbooted',
  /** No socket. A reconnect timer may be pending. */
  Offline = 'offline',
  /** TCP connect in progress. */
  TcpConnecting = 'tcp-connecting',
  /** CONNECT sent, no CONNACK yet. */
  AwaitingConnack = 'awaiting-connack',
  /** CONNACK 0 received: the session is up. */
  Connected = 'connected',
  /** Board reset: nothing of this run may act again. */
  Destroyed = 'destroyed',
}

const allowed: Readonly<Record<ConnState, readonly ConnState[]>> = {
  [ConnState.Unbooted]: [ConnState.Offline, ConnState.NoConnection, ConnState.Destroyed],
  [ConnState.NoConnection]: [ConnState.Destroyed],
  [ConnState.Offline]: [ConnState.TcpConnecting, ConnState.Destroyed],
  [ConnState.TcpConnecting]: [ConnState.AwaitingConnack, ConnState.Offline, ConnState.Destroyed],
  [ConnState.AwaitingConnack]: [ConnState.Connected, ConnState.Offline, ConnState.Destroyed],
  [ConnState.Connected]: [ConnState.Offline, ConnState.Destroyed],
  [ConnState.Destroyed]: [],
};

export class ConnectionStateMachine {
  #state = ConnState.Unbooted;

  get state(): ConnState {
    return this.#state;
  }

  /** Whether a socket exists (the library's `nc != NULL`). */
  get hasSocket(): boolean {
    return (
      this.#state === ConnState.TcpConnecting ||
      this.#state === ConnState.AwaitingConnack ||
      this.#state === ConnState.Connected
    );
  }

  to(next: ConnState, why: string): void {
    if (!allowed[this.#state].includes(next)) {
      throw new Error(`MQTT client: illegal transition ${this.#state} → ${next} (${why})`);
    }
    this.#state = next;
  }
}
