/**
 * MQTT over WebSocket as the library does it (mgos_mqtt_ws_conn.c over mongoose 6.18's
 * WebSocket client): after the TCP (or TLS) connect the library sends the upgrade
 * request (`mg_send_websocket_handshake2(nc, ws_path, server, "mqtt", NULL)`), and the
 * MQTT handler sees "connected" only when the answer came. From there MQTT bytes travel
 * in masked binary frames (client frames are always masked: mg_send_ws_header), and
 * incoming frames (fragments reassembled, pings answered, a close echoed) feed the
 * MQTT parser.
 *
 * Two things of the library are kept as they are:
 * - mongoose hands MG_EV_WEBSOCKET_HANDSHAKE_DONE to the library for any complete
 *   answer, 101 or not, and mgos_mqtt_ws_ev does not look at the status: the MQTT handler
 *   is told "connected" (and composes its CONNECT), then mongoose closes the connection at
 *   once (MG_F_CLOSE_IMMEDIATELY), so nothing is sent. Here: `connect`, then `close`.
 * - The library frames only what the MQTT handler wrote while mgos_mqtt_ws_ev had its
 *   buffers swapped in (one frame per event, `mqtt_to_ws`). Everything written outside an
 *   event — mgos_mqtt_pub/sub/unsub on a live session, called from the application —
 *   goes into the connection's buffer as it is, unframed. `turn()` marks an event; writes
 *   outside a turn go out raw.
 */
import { EventEmitter } from 'node:events';
import type { MqttTransport } from './deps.ts';

/** tcp: connecting; upgrading: request sent, no answer yet; open: frames; refused: a non-101 answer, closing. */
export type WsPhase = 'tcp' | 'upgrading' | 'open' | 'refused';

const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface WsTransportOptions {
  /** mqtt.ws_path, as the request target. */
  path: string;
  /** The Host header: mqtt.server as configured (see handshakeRequest). */
  host: string;
  /** 32-bit values as mg_ws_random_mask gives them (the key's nonce and every frame's mask). */
  random32: () => number;
  /** The TCP connect succeeded: the library logs it, then the request goes out. */
  tcpConnected?: () => void;
  /** Whether a server's ping gets its pong (a personality's say; default: it does). */
  answersPing?: () => boolean;
}

/**
 * The upgrade request, byte for byte as mg_send_websocket_handshake3v writes it with no
 * user and no extra headers. Host: mongoose prints `path.p - host.p` characters of the
 * host, a length meant for one URL buffer; the library passes two separate strings, and
 * `%.*s` with a negative length or one past the string's end prints the whole string,
 * which is what a board's config strings give (ws_path's default lies in flash below the
 * heap; set from the config file it is allocated after the server): the configured server,
 * port included. A layout that put ws_path less than the server's length above it would
 * cut the name; the harness shows the Host it got and judges only that there is one.
 */
export function handshakeRequest(path: string, host: string, key: string, protocol = 'mqtt'): string {
  return (
    `GET ${path} HTTP/1.1\r\n` +
    'Upgrade: websocket\r\n' +
    'Connection: Upgrade\r\n' +
    'Sec-WebSocket-Version: 13\r\n' +
    `Sec-WebSocket-Key: ${key}\r\n` +
    (host !== '' ? `Host: ${host}\r\n` : '') +
    (protocol !== '' ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') +
    '\r\n'
  );
}

/** The key: four mg_ws_random_mask values as they lie in memory (little-endian on the ESP32), base64. */
export function handshakeKey(random32: () => number): string {
  const nonce = Buffer.alloc(16);
  for (let i = 0; i < 4; i++) nonce.writeUInt32LE(random32() >>> 0, i * 4);
  return nonce.toString('base64');
}

/**
 * One client frame as mg_send_websocket_frame builds it: FIN and the opcode, the mask
 * bit and the length (7 bits below 126, 16 bits below 65535, else 64 bits: 65535 itself
 * takes the long form), the 4-byte mask, the payload XOR the mask.
 */
export function clientFrame(opcode: number, payload: Uint8Array, mask: number): Buffer {
  const len = payload.length;
  let header: Buffer;
  if (len < 126) header = Buffer.from([0x80 | opcode, 0x80 | len]);
  else if (len < 65535) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(len, 2);
    header[1] = 0x80 | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    header.writeUInt32BE(len >>> 0, 6);
    header[1] = 0x80 | 127;
  }
  header[0] = 0x80 | opcode;
  const key = Buffer.alloc(4);
  // The mask is a uint32 copied into the buffer as it lies in memory.
  key.writeUInt32LE(mask >>> 0, 0);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ key[i % 4]!;
  return Buffer.concat([header, key, body]);
}

/** What one complete frame or reassembled message is. */
type Incoming = { kind: 'data'; payload: Buffer } | { kind: 'ping'; payload: Buffer } | { kind: 'close'; payload: Buffer } | { kind: 'pong' } | { kind: 'error'; reason: string };

/** Cuts server frames (mg_deliver_websocket_data): unmasks if masked, reassembles fragments, lets control frames through between them. */
export class FrameReader {
  #buffer: Buffer = Buffer.alloc(0);
  #fragments: Buffer[] | null = null;

  push(chunk: Buffer): Incoming[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const out: Incoming[] = [];
    for (;;) {
      const b = this.#buffer;
      if (b.length < 2) break;
      const fin = (b[0]! & 0x80) !== 0;
      const op = b[0]! & 0x0f;
      const masked = (b[1]! & 0x80) !== 0;
      let len = b[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (b.length < 4) break;
        len = b.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (b.length < 10) break;
        len = b.readUInt32BE(2) * 2 ** 32 + b.readUInt32BE(6);
        off = 10;
      }
      const maskAt = off;
      if (masked) off += 4;
      if (b.length < off + len) break;
      const payload = Buffer.from(b.subarray(off, off + len));
      if (masked) for (let i = 0; i < len; i++) payload[i]! ^= b[maskAt + (i % 4)]!;
      this.#buffer = b.subarray(off + len);
      const control = (op & 0x8) !== 0;
      const fragment = !fin || op === OP.continuation;
      if (control && fragment) {
        out.push({ kind: 'error', reason: 'fragmented control frames are illegal' });
        return out;
      }
      if (!control && !fragment && this.#fragments !== null) {
        out.push({ kind: 'error', reason: 'non-continuation in the middle of a fragmented message' });
        return out;
      }
      if (op === OP.ping) out.push({ kind: 'ping', payload });
      else if (op === OP.pong) out.push({ kind: 'pong' });
      else if (op === OP.close) out.push({ kind: 'close', payload });
      else if (fragment) {
        const fragments = this.#fragments ?? [];
        fragments.push(payload);
        this.#fragments = fragments;
        if (fin) {
          out.push({ kind: 'data', payload: Buffer.concat(fragments) });
          this.#fragments = null;
        }
      } else out.push({ kind: 'data', payload });
    }
    return out;
  }
}

/** The end of the HTTP answer's head (mongoose accepts `\r\n\r\n` and `\n\n`), or -1. */
function headEnd(bytes: Buffer): { at: number; length: number } | undefined {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return undefined;
  if (lf >= 0 && (crlf < 0 || lf < crlf)) return { at: lf, length: 2 };
  return { at: crlf, length: 4 };
}

/** What mongoose takes from the answer: the status, and whether a Sec-WebSocket-Accept header is there (its value is not checked). */
export function parseAnswer(head: string): { status: number; hasAccept: boolean } {
  const lines = head.split(/\r?\n/);
  const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  const hasAccept = lines.slice(1).some((l) => /^sec-websocket-accept\s*:/i.test(l));
  return { status, hasAccept };
}

export class WsTransport extends EventEmitter implements MqttTransport {
  #phase: WsPhase = 'tcp';
  #answer: Buffer = Buffer.alloc(0);
  readonly #reader = new FrameReader();
  /** Bytes the MQTT handler wrote during the current event (null: not inside one). */
  #turn: Buffer[] | null = null;
  #status: number | undefined;

  constructor(
    private readonly inner: MqttTransport,
    private readonly options: WsTransportOptions,
  ) {
    super();
    const upgrade = () => {
      if (this.#phase !== 'tcp') return;
      this.#phase = 'upgrading';
      this.options.tcpConnected?.();
      inner.write(Buffer.from(handshakeRequest(options.path, options.host, handshakeKey(options.random32)), 'latin1'));
    };
    inner.on('connect', upgrade);
    inner.on('data', (chunk) => this.#onData(chunk));
    inner.on('error', (err) => this.emit('error', Object.assign(err, { wsPhase: this.#phase })));
    inner.on('close', () => this.emit('close'));
    // A transport that is connected already (an in-memory duplex) counts as connected on the next microtask.
    if (inner.connecting !== true) queueMicrotask(() => inner.destroyed !== true && upgrade());
  }

  get phase(): WsPhase {
    return this.#phase;
  }

  /** The upgrade answer's HTTP status, once it came. */
  get answerStatus(): number | undefined {
    return this.#status;
  }

  get connecting(): boolean {
    return this.#phase === 'tcp' || this.#phase === 'upgrading';
  }

  get destroyed(): boolean {
    return this.inner.destroyed === true;
  }

  get writableLength(): number {
    return this.inner.writableLength ?? 0;
  }

  /**
   * Runs `fn` as one event of the library's WebSocket handler: what it writes goes out as
   * one binary frame when it returns (mqtt_to_ws). Nested turns make one frame.
   */
  turn<T>(fn: () => T): T {
    if (this.#turn !== null) return fn();
    this.#turn = [];
    try {
      return fn();
    } finally {
      const written = Buffer.concat(this.#turn);
      this.#turn = null;
      if (written.length > 0 && this.#phase === 'open') this.inner.write(clientFrame(OP.binary, written, this.options.random32()));
    }
  }

  write(chunk: Uint8Array): boolean {
    // Connecting or refused: mongoose drops what is written on a connection it closes at once.
    if (this.#phase !== 'open') return true;
    if (this.#turn !== null) {
      this.#turn.push(Buffer.from(chunk));
      return true;
    }
    // Outside the handler's event the library writes into the connection's buffer as it is.
    return this.inner.write(chunk);
  }

  end(): void {
    this.inner.end();
  }

  destroy(): void {
    this.inner.destroy();
  }

  #onData(chunk: Buffer): void {
    if (this.#phase === 'upgrading') {
      this.#answer = Buffer.concat([this.#answer, chunk]);
      const end = headEnd(this.#answer);
      if (end === undefined) return;
      const { status, hasAccept } = parseAnswer(this.#answer.subarray(0, end.at).toString('latin1'));
      this.#status = status;
      const rest = this.#answer.subarray(end.at + end.length);
      this.#answer = Buffer.alloc(0);
      if (status === 101 && hasAccept) {
        this.#phase = 'open';
        this.turn(() => this.emit('connect'));
        if (rest.length > 0) this.#onFrames(rest);
        return;
      }
      // HANDSHAKE_DONE all the same: the library's MQTT handler hears "connected", then mongoose closes at once.
      this.#phase = 'refused';
      this.emit('connect');
      this.inner.destroy();
      return;
    }
    if (this.#phase === 'open') this.#onFrames(chunk);
  }

  #onFrames(chunk: Buffer): void {
    for (const frame of this.#reader.push(chunk)) {
      if (this.#phase !== 'open' || this.inner.destroyed === true) return;
      switch (frame.kind) {
        case 'data':
          this.turn(() => this.emit('data', frame.payload));
          break;
        case 'ping':
          if (this.options.answersPing?.() ?? true) this.inner.write(clientFrame(OP.pong, frame.payload, this.options.random32()));
          break;
        case 'close':
          // mg_ws_close: the close frame echoed, then MG_F_SEND_AND_CLOSE.
          this.inner.write(clientFrame(OP.close, frame.payload, this.options.random32()));
          this.inner.end();
          return;
        case 'error':
          this.inner.write(clientFrame(OP.close, Buffer.from(frame.reason, 'latin1'), this.options.random32()));
          this.inner.end();
          return;
        case 'pong':
          break;
      }
    }
  }
}
