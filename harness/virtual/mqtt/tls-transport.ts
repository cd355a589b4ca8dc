/**
 * A TLS connection as the MQTT client sees it: "connected" (MG_EV_CONNECT with status 0)
 * only once the handshake is done, as in Mongoose, whose SSL connections report the
 * connect after `mg_ssl_handshake` succeeds. Errors say in which phase they came: TCP
 * (refused, reset before the connect) or the handshake.
 */
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import type tls from 'node:tls';
import type { MqttTransport } from './deps.ts';

export type TlsPhase = 'tcp' | 'handshake' | 'secure';

export class TlsTransport extends EventEmitter implements MqttTransport {
  #phase: TlsPhase = 'tcp';

  constructor(
    private readonly socket: tls.TLSSocket,
    tcp: net.Socket,
  ) {
    super();
    tcp.once('connect', () => {
      if (this.#phase === 'tcp') this.#phase = 'handshake';
    });
    socket.once('secureConnect', () => {
      this.#phase = 'secure';
      this.emit('connect');
    });
    socket.on('data', (chunk: Buffer) => this.emit('data', chunk));
    socket.on('error', (err: Error) => this.emit('error', Object.assign(err, { tlsPhase: this.#phase })));
    socket.on('close', () => this.emit('close'));
  }

  get phase(): TlsPhase {
    return this.#phase;
  }

  get connecting(): boolean {
    return this.#phase !== 'secure';
  }

  get destroyed(): boolean {
    return this.socket.destroyed;
  }

  get writableLength(): number {
    return this.socket.writableLength;
  }

  write(chunk: Uint8Array): boolean {
    return this.socket.write(chunk);
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
