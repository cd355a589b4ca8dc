/**
 * The gate's TCP listening socket. A listener only accepts and hands sockets over; the
 * gate decides everything else; a TLS listener (tls-listener.ts) adds the handshake, a
 * WebSocket listener (ws-listener.ts) the HTTP upgrade, which the gate runs after its
 * accept faults.
 */
import type { WsPieces } from './faults/fault.ts';
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EventOf } from '../timeline/events.ts';

type Unstamped<E> = E extends unknown ? Omit<E, 't' | 'broker' | 'conn'> : never;

/** What an upgrade came to: the timeline event to record; for a failure, who ended it and why. */
export type UpgradeOutcome =
  | { ok: true; event: Unstamped<EventOf<'tls.handshake'> | EventOf<'ws.handshake'>> }
  | { ok: false; event: Unstamped<EventOf<'tls.handshake'> | EventOf<'ws.handshake'>>; failedBy: 'gate' | 'device'; closeReason: string };

/**
 * For a `segment` fault over an upgrade that frames MQTT itself (WebSocket): the TCP writes
 * that carry one packet's `pieces` as `mode` says, in order, each its own write (`ping`: it
 * carries a ping frame too); undefined when the pieces are to go through the stream as they are.
 */
export type RawPieces = (pieces: Buffer[], mode: WsPieces) => RawWrite[] | undefined;
export interface RawWrite {
  bytes: Buffer;
  ping?: boolean;
}

/** The server side of an upgrade on an accepted socket: TLS, or WebSocket. */
export interface ListenerUpgrade {
  /** Starts it on `socket`; `stream` carries MQTT once `done` reported success. `done` is called at most once. */
  run(socket: Socket, done: (outcome: UpgradeOutcome) => void): { readonly stream: Duplex; readonly rawPieces?: RawPieces };
  /** The outcome when the device closed before the upgrade finished. */
  interrupted(): UpgradeOutcome;
}

export interface GateListener {
  readonly kind: string;
  readonly host: string;
  /** The bound port (the one the OS chose, after a start with port 0). */
  readonly port: number;
  readonly listening: boolean;
  /** Starts accepting (again, on the same port after a stop). */
  start(onSocket: (socket: Socket) => void): Promise<void>;
  /** Stops accepting at once: the OS refuses new connections. Live ones are untouched. */
  stop(): void;
  /** Resolves when every listening socket stopped so far is fully released (after its connections closed). */
  released(): Promise<void>;
  /**
   * A TLS or WebSocket listener: the upgrade the gate runs on an accepted socket (after
   * its accept faults), giving the decrypted or unframed stream.
   */
  readonly upgrade?: ListenerUpgrade;
}

export class TcpListener implements GateListener {
  readonly kind: string = 'tcp';
  readonly host: string;
  private boundPort: number;
  private server: Server | undefined;
  private readonly closing = new Set<Promise<void>>();

  constructor(options: { host: string; port: number }) {
    this.host = options.host;
    this.boundPort = options.port;
  }

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  async start(onSocket: (socket: Socket) => void): Promise<void> {
    if (this.server) return;
    const server = createServer({ noDelay: true }, onSocket);
    await new Promise<void>((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException) => {
        reject(new Error(`cannot listen on ${this.host}:${this.boundPort}: ${err.code ?? ''} ${err.message}`.trim()));
      };
      server.once('error', failed);
      server.listen({ host: this.host, port: this.boundPort }, () => {
        server.off('error', failed);
        resolve();
      });
    });
    server.on('error', (err) => {
      process.emitWarning(`listener ${this.host}:${this.boundPort} failed: ${err.message}`);
    });
    const address = server.address();
    if (address && typeof address === 'object') this.boundPort = address.port;
    this.server = server;
  }

  stop(): void {
    // close() releases the listening socket at once; its callback would wait for the
    // accepted connections, which the gate owns and closes itself.
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.closing.add(closed);
    void closed.then(() => this.closing.delete(closed));
  }

  async released(): Promise<void> {
    await Promise.all([...this.closing]);
  }
}
