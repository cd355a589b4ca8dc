/**
 * A WebSocket listening socket for the gate (MQTT over WebSocket, MQTT 3.1.1 §6). It
 * accepts TCP like TcpListener and hands the gate the raw socket, so faults that act on
 * the accept (`refuse-rst`, and `closed`, which stops listening) come before any HTTP
 * byte. The gate then runs `upgrade` on that socket: the server side of the HTTP upgrade
 * (RFC 6455 §4.2), and from there a stream of the binary messages' bytes, so the gate
 * cuts MQTT packets out of the WebSocket frames and its MQTT faults act on them.
 *
 * A request for another path gets `404 Not Found` and a close, as the brokers that serve
 * MQTT at a configured path do (EMQX and HiveMQ at `/mqtt`, AWS IoT at `/mqtt`, aedes
 * behind an HTTP server with `ws`'s `path` option); mosquitto, which accepts any path,
 * would hide a board that asks for the wrong one, so the gate does not copy it. The path
 * asked for is recorded either way (`ws.handshake`), so the check judges it, not only the
 * refusal. The subprotocol is not enforced: `mqtt` is chosen when offered (`mqttv3.1`
 * next), else the upgrade goes on without one, and the check judges what was asked for.
 *
 * Anything that is not an HTTP request (plain MQTT on the WebSocket port) gets
 * `400 Bad Request`; an HTTP request without an upgrade `426 Upgrade Required`.
 * Per MQTT-6.0.0-1 a text frame ends the connection.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EventOf } from '../timeline/events.ts';
import type { WsPieces } from './faults/fault.ts';
import { type ListenerUpgrade, type RawWrite, TcpListener, type UpgradeOutcome } from './tcp-listener.ts';

/** The path MQTT clients (mqtt.js, the Mongoose OS library's `mqtt.ws_path`) ask for by default. */
export const DEFAULT_WS_PATH = '/mqtt';

/** Subprotocols the gate answers with, in preference order (MQTT 3.1.1 §6: `mqtt`; MQTT 3.1: `mqttv3.1`). */
const KNOWN_PROTOCOLS = ['mqtt', 'mqttv3.1'];

type WsEvent = Omit<EventOf<'ws.handshake'>, 't' | 'broker' | 'conn'>;

export class WsListener extends TcpListener {
  override readonly kind: string = 'ws';
  #path: string;

  readonly upgrade: ListenerUpgrade = {
    run: (socket, done) => this.#run(socket, done),
    interrupted: () => refused({ protocols: [], servedPath: this.#path }, 'device', 'the device closed the connection before the upgrade'),
  };

  constructor(options: { host: string; port: number; path?: string }) {
    super(options);
    this.#path = options.path ?? DEFAULT_WS_PATH;
  }

  /** The path upgrades are accepted at. */
  get path(): string {
    return this.#path;
  }

  /** The path every later upgrade must ask for (live connections keep theirs). */
  setPath(path: string): void {
    if (!path.startsWith('/')) throw new Error(`WebSocket path "${path}" must start with "/"`);
    this.#path = path;
  }

  #run(socket: Socket, done: (outcome: UpgradeOutcome) => void): ReturnType<ListenerUpgrade['run']> {
    const servedPath = this.#path;
    const stream = new WebSocketStream(socket);
    let settled = false;
    const settle = (outcome: UpgradeOutcome) => {
      if (settled) return;
      settled = true;
      done(outcome);
    };
    // One parser per connection: never listening, it only reads this socket's request.
    const parser = http.createServer();
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: chooseProtocol });
    const requested = (req: http.IncomingMessage): WsEvent => ({
      kind: 'ws.handshake',
      ok: false,
      ...(req.url !== undefined ? { path: req.url } : {}),
      ...(req.headers.host !== undefined ? { host: req.headers.host } : {}),
      protocols: protocolsOf(req),
      servedPath,
    });
    parser.on('upgrade', (req: http.IncomingMessage, raw: Socket, head: Buffer) => {
      const fields = requested(req);
      if (pathname(req.url) !== servedPath) {
        answer(raw, 404, 'Not Found');
        settle(refused({ ...fields, status: 404 }, 'gate', `no WebSocket endpoint at ${req.url ?? '?'} (the broker serves ${servedPath})`));
        return;
      }
      wss.handleUpgrade(req, raw, head, (ws) => {
        stream.attach(ws);
        settle({ ok: true, event: { ...fields, ok: true, status: 101, ...(ws.protocol ? { protocol: ws.protocol } : {}) } });
      });
    });
    // With a listener, ws leaves the answer to a bad upgrade request (no key, another version) to us.
    wss.on('wsClientError', (err: Error & { code?: string }, raw: Socket, req: http.IncomingMessage) => {
      answer(raw, 400, 'Bad Request');
      settle(refused({ ...requested(req), status: 400 }, 'gate', `not a valid WebSocket upgrade: ${err.message}`));
    });
    parser.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(426, { Connection: 'close', Upgrade: 'websocket', 'Content-Length': 0 });
      res.end();
      settle(refused({ ...requested(req), status: 426 }, 'gate', `an HTTP ${req.method ?? '?'} request without a WebSocket upgrade`));
    });
    parser.on('clientError', (err: NodeJS.ErrnoException, raw: Socket) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
        settle(this.upgrade.interrupted());
        return;
      }
      answer(raw, 400, 'Bad Request');
      settle(refused({ protocols: [], servedPath, status: 400 }, 'gate', `not an HTTP request (${err.code ?? err.message}): plain MQTT on the WebSocket port?`));
    });
    parser.emit('connection', socket);
    return { stream, rawPieces: (pieces, mode) => (stream.isOpen ? wsPieces(pieces, mode) : undefined) };
  }
}

const OP = { continuation: 0x0, binary: 0x2, ping: 0x9 } as const;

/** A server frame (RFC 6455 §5.2): FIN and opcode, the payload length (7, 16 or 64 bits), no mask, the payload. */
export function serverFrame(opcode: number, fin: boolean, payload: Buffer): Buffer {
  const len = payload.length;
  const first = (fin ? 0x80 : 0) | opcode;
  if (len < 126) return Buffer.concat([Buffer.from([first, len]), payload]);
  if (len < 0x10000) {
    const head = Buffer.from([first, 126, 0, 0]);
    head.writeUInt16BE(len, 2);
    return Buffer.concat([head, payload]);
  }
  const head = Buffer.alloc(10);
  head[0] = first;
  head[1] = 127;
  head.writeBigUInt64BE(BigInt(len), 2);
  return Buffer.concat([head, payload]);
}

/**
 * One packet's pieces as the TCP writes of a `segment` fault over WebSocket: fragments of
 * one binary message with a ping after the first, or one frame cut into pieces of the same
 * sizes; `messages` goes through the WebSocket as messages of their own (undefined).
 */
export function wsPieces(pieces: Buffer[], mode: WsPieces): RawWrite[] | undefined {
  if (mode === 'messages') return undefined;
  if (mode === 'tcp') {
    const frame = serverFrame(OP.binary, true, Buffer.concat(pieces));
    // The frame's header rides with the first piece: the cut falls inside the payload, as a read boundary would.
    const head = frame.length - Buffer.concat(pieces).length;
    const out: RawWrite[] = [];
    let at = 0;
    for (const [k, piece] of pieces.entries()) {
      const size = piece.length + (k === 0 ? head : 0);
      out.push({ bytes: frame.subarray(at, at + size) });
      at += size;
    }
    return out;
  }
  return pieces.map((piece, k) => {
    const fragment = serverFrame(k === 0 ? OP.binary : OP.continuation, k === pieces.length - 1, piece);
    return k === 0 && pieces.length > 1 ? { bytes: Buffer.concat([fragment, serverFrame(OP.ping, true, Buffer.alloc(0))]), ping: true } : { bytes: fragment };
  });
}

function refused(fields: Omit<WsEvent, 'kind' | 'ok'>, failedBy: 'gate' | 'device', reason: string): UpgradeOutcome {
  return {
    ok: false,
    event: { kind: 'ws.handshake', ...fields, ok: false, failedBy, reason },
    failedBy,
    closeReason: `WebSocket upgrade refused: ${reason}`,
  };
}

function chooseProtocol(offered: Set<string>): string | false {
  return KNOWN_PROTOCOLS.find((p) => offered.has(p)) ?? false;
}

function protocolsOf(req: http.IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function pathname(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** An HTTP refusal, then a FIN once it is written. */
function answer(socket: Socket, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The bytes of a WebSocket's binary messages as a stream (each write one binary message),
 * available before the upgrade so the gate can listen from the start. A text message is
 * a protocol error for MQTT (MQTT-6.0.0-1): the stream fails. Ended before the upgrade it
 * ends the TCP socket, so the gate's FIN reaches the device then too; after it, ending
 * sends a close frame and the WebSocket closes the socket.
 */
class WebSocketStream extends Duplex {
  #ws: WebSocket | undefined;

  constructor(private readonly tcp: Socket) {
    super();
  }

  /** The upgrade is done and the WebSocket open: raw frames may be written on its socket. */
  get isOpen(): boolean {
    return this.#ws !== undefined && this.#ws.readyState === this.#ws.OPEN;
  }

  attach(ws: WebSocket): void {
    this.#ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        ws.close(1002, 'MQTT needs binary frames');
        this.destroy(Object.assign(new Error('a text frame: MQTT control packets must be sent in binary frames [MQTT-6.0.0-1]'), { code: 'WS_TEXT_FRAME' }));
        return;
      }
      if (!this.push(data)) ws.pause();
    });
    ws.on('close', () => this.push(null));
    // The device's answer to a ping the gate wrote on the socket (RFC 6455 §5.5.2), for the timeline.
    ws.on('pong', () => this.emit('ws-pong'));
    ws.on('error', (err) => this.destroy(err));
  }

  override _read(): void {
    this.#ws?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const ws = this.#ws;
    if (ws === undefined || ws.readyState !== ws.OPEN) {
      callback();
      return;
    }
    ws.send(chunk, { binary: true }, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    const ws = this.#ws;
    if (ws === undefined) this.tcp.end();
    else if (ws.readyState === ws.OPEN) ws.close(1000);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const ws = this.#ws;
    // After close() the WebSocket waits for the device's close frame, then ends the socket;
    // before the upgrade the gate's own guard destroys a socket the device does not close.
    if (ws !== undefined && ws.readyState === ws.OPEN) ws.terminate();
    callback(error);
  }
}
