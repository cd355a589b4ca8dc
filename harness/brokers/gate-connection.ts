/**
 * One device connection through the gate. Bytes from the device are cut into packets,
 * recorded, judged by the fault chain, and (held, swallowed or) pushed into the broker's
 * stream; what the broker writes goes the same way back. The broker's stream is created
 * on the first packet forwarded, so connections the gate refuses never reach the broker.
 *
 * Recording: device→broker packets are stamped when they arrive from the device,
 * broker→device packets when they go out on the device's socket (after any delay), so
 * the timeline shows the device's wire.
 *
 * Behind a TLS or WebSocket listener the connection starts on the raw TCP socket (so
 * `refuse-rst` resets it before any handshake); `begin()` then runs the listener's
 * upgrade, records its outcome (`tls.handshake`, `ws.handshake`), and from there packets
 * are cut from the upgraded stream (decrypted, or unframed). Resets always act on the TCP
 * socket.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Packet } from 'mqtt-packet';
import type { MonoMs } from '../clock.ts';
import type { BrokerName } from '../timeline/events.ts';
import type { Timeline } from '../timeline/timeline.ts';
import type { CloseHow, CloseRequest, FaultConnection, Frame, FrameVerdict, Segmenting } from './faults/fault.ts';
import { packetFields } from './packet-event.ts';
import { ReleaseQueue } from './release-queue.ts';
import { BrokerEnd } from './streams.ts';
import type { ListenerUpgrade, RawPieces, UpgradeOutcome } from './tcp-listener.ts';
import { type DecodeResult, type Direction, encodePacket, PacketDecoder, PacketFramer } from './wire.ts';

/** An MQTT DISCONNECT packet: type 14, no flags, remaining length 0. */
const DISCONNECT = Buffer.from([0xe0, 0x00]);

/** open → closing (the close is recorded, sockets are being shut) → closed (the socket is gone). */
export type ConnectionState = 'open' | 'closing' | 'closed';
export type ClosedBy = 'device' | 'gate' | 'broker';

/** How long a socket the gate closes may take to flush its last bytes before it is destroyed. */
const FIN_GUARD_MS = 3000;

export interface ConnectionInfo {
  id: number;
  remote: string;
  acceptedAt: MonoMs;
  state: ConnectionState;
  clientId?: string;
  packetsIn: number;
  packetsOut: number;
}

/** What the connection needs from its gate. */
export interface ConnectionEnv {
  readonly broker: BrokerName;
  readonly timeline: Timeline;
  readonly maxPacketBytes: number;
  judge(frame: Frame, conn: GateConnection): FrameVerdict;
  connectBroker(stream: Duplex): void;
  /** The connection stopped being live (its close is recorded). */
  ended(conn: GateConnection): void;
  /** The socket is gone. */
  released(conn: GateConnection): void;
}

/** plain: no upgrade; awaiting: the accept faults first; upgrading: no MQTT byte yet; upgraded: MQTT inside the TLS session or the WebSocket. */
type UpgradePhase = 'plain' | 'awaiting' | 'upgrading' | 'upgraded';

/**
 * A packet held for release; a `segment` fault's piece of one carries `part` (its bytes) and,
 * but for the last piece, `more` (the packet is recorded, and may close, with its last piece).
 */
type Held =
  | { frame: Frame; thenClose?: CloseRequest | undefined; part?: Buffer; more?: boolean; decodeError?: string; raw?: boolean; ping?: boolean }
  | { brokerClosed: string | undefined }
  | { deviceEnded: true };

export class GateConnection implements FaultConnection {
  readonly id: number;
  readonly remote: string;
  readonly acceptedAt: MonoMs;
  /** Resolves when the socket is closed. */
  readonly closed: Promise<void>;
  /** Resolves when the socket is closed and the broker has let go of its stream too. */
  readonly finished: Promise<void>;
  private state: ConnectionState = 'open';
  private clientId: string | undefined;
  private protocolVersion = 4;
  private packetsIn = 0;
  private packetsOut = 0;
  private readonly inFramer: PacketFramer;
  private readonly outFramer: PacketFramer;
  private readonly inDecoder = new PacketDecoder();
  private readonly outDecoder = new PacketDecoder();
  private readonly toBroker: ReleaseQueue<Held>;
  private readonly toDevice: ReleaseQueue<Held>;
  private brokerEnd: BrokerEnd | undefined;
  /** What carries MQTT: the TCP socket, or the TLS session or WebSocket on it. */
  private socket: Duplex;
  private upgradePhase: UpgradePhase;
  /** Over WebSocket: how a `segment` fault's pieces become TCP writes below the framing. */
  private rawPieces: RawPieces | undefined;
  private finGuard: NodeJS.Timeout | undefined;
  /** The device's socket while it holds a burst of packets (see corkOut). */
  private corked: Duplex | undefined;
  private resolveClosed!: () => void;
  private resolveFinished!: () => void;

  constructor(
    private readonly tcp: Socket,
    private readonly env: ConnectionEnv,
    id: number,
    private readonly upgrade?: ListenerUpgrade,
    /** When the listener handed the socket over (default: now). */
    acceptedAt: MonoMs = env.timeline.now(),
  ) {
    const socket = tcp;
    this.socket = tcp;
    this.upgradePhase = upgrade ? 'awaiting' : 'plain';
    this.id = id;
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.acceptedAt = acceptedAt;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    this.inFramer = new PacketFramer(env.maxPacketBytes);
    this.outFramer = new PacketFramer(env.maxPacketBytes);
    const clock = () => env.timeline.now();
    this.toBroker = new ReleaseQueue((held) => this.releaseToBroker(held), clock);
    this.toDevice = new ReleaseQueue((held) => this.releaseToDevice(held), clock);
    if (!upgrade) this.carry(tcp);
    else tcp.on('error', (err: NodeJS.ErrnoException) => this.deviceError(err));
    socket.on('close', () => this.socketClosed());
  }

  /** The accept faults have spoken: behind a TLS or WebSocket listener, start the upgrade. */
  begin(): void {
    if (!this.upgrade || this.upgradePhase !== 'awaiting' || this.state !== 'open') return;
    this.upgradePhase = 'upgrading';
    const session = this.upgrade.run(this.tcp, (outcome) => this.upgradeDone(outcome));
    this.socket = session.stream;
    this.rawPieces = session.rawPieces;
    this.carry(session.stream);
  }

  private carry(stream: Duplex): void {
    stream.on('data', (chunk: Buffer) => this.fromDevice(chunk));
    stream.on('end', () => this.deviceEnded());
    stream.on('error', (err: NodeJS.ErrnoException) => this.deviceError(err));
    stream.on('ws-pong', () => this.env.timeline.stamp({ kind: 'ws.control', broker: this.env.broker, conn: this.id, dir: 'in', op: 'pong' }));
  }

  private upgradeDone(outcome: UpgradeOutcome): void {
    if (this.state !== 'open' || this.upgradePhase !== 'upgrading') return;
    this.env.timeline.stamp({ ...outcome.event, broker: this.env.broker, conn: this.id } as Parameters<Timeline['stamp']>[0]);
    this.upgradePhase = 'upgraded';
    if (outcome.ok) return;
    const reason = outcome.closeReason;
    // The upgrade layer has sent its alert or its HTTP refusal and is closing (or the device left): record, then let go.
    if (outcome.failedBy === 'gate') this.shut('gate', 'fin', reason);
    else {
      this.shut('device', 'fin', reason);
      this.socket.destroy();
    }
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  info(): ConnectionInfo {
    const info: ConnectionInfo = {
      id: this.id,
      remote: this.remote,
      acceptedAt: this.acceptedAt,
      state: this.state,
      packetsIn: this.packetsIn,
      packetsOut: this.packetsOut,
    };
    if (this.clientId !== undefined) info.clientId = this.clientId;
    return info;
  }

  reply(packet: Packet, thenClose?: CloseRequest): void {
    if (this.state !== 'open') return;
    this.fromBrokerSide(encodePacket(packet), 'gate', thenClose);
  }

  inject(bytes: Buffer): void {
    if (this.state !== 'open') return;
    this.fromBrokerSide(bytes, 'gate');
  }

  close(request: CloseRequest): void {
    this.shut('gate', request.how, request.reason);
  }

  /**
   * Ends a connection that belongs to an earlier boot or scenario: the broker is told
   * DISCONNECT first, so the old session ends as if the device had said goodbye (no will
   * published into someone else's evidence), then the device side gets a FIN.
   */
  fence(reason: string): void {
    if (this.state !== 'open') return;
    const end = this.brokerEnd;
    if (end && !end.destroyed && !end.readableEnded) end.push(DISCONNECT);
    this.shut('gate', 'fin', reason);
  }

  /** Releases everything held by delays, now, in order. */
  flushHeld(): void {
    this.toBroker.flush();
    this.toDevice.flush();
  }

  /** Last resort at shutdown: end the broker's stream even if it never hung up. */
  destroyBrokerEnd(): void {
    if (this.brokerEnd && !this.brokerEnd.destroyed) this.brokerEnd.destroy();
  }

  // device → broker

  private fromDevice(chunk: Buffer): void {
    if (this.state !== 'open') return;
    const { frames, error } = this.inFramer.push(chunk);
    for (const bytes of frames) {
      if (this.state !== 'open') return;
      this.inboundFrame(bytes);
    }
    if (error !== undefined && this.state === 'open') {
      this.recordGarbage('in', this.inFramer.pending, error);
      this.shut('gate', 'fin', `undecodable stream from the device: ${error}`);
    }
  }

  private inboundFrame(bytes: Buffer): void {
    const packet = this.record('in', bytes, this.inDecoder.decode(bytes, this.protocolVersion));
    this.packetsIn++;
    if (packet?.cmd === 'connect') {
      this.clientId = packet.clientId;
      this.protocolVersion = packet.protocolVersion ?? 4;
    }
    const frame: Frame = { dir: 'in', bytes, packet, origin: 'device' };
    const verdict = this.env.judge(frame, this);
    if (this.state !== 'open') return;
    if (verdict.swallow) {
      if (verdict.thenClose) this.close(verdict.thenClose);
      return;
    }
    this.toBroker.push({ frame, thenClose: verdict.thenClose }, verdict.delayMs);
  }

  private releaseToBroker(held: Held): void {
    if ('deviceEnded' in held) {
      this.endBrokerInput();
      return;
    }
    if (!('frame' in held)) return;
    const end = this.ensureBrokerEnd();
    if (!end.destroyed && !end.readableEnded && !end.push(held.frame.bytes)) this.socket.pause();
    if (held.thenClose) this.close(held.thenClose);
  }

  private ensureBrokerEnd(): BrokerEnd {
    if (!this.brokerEnd) {
      this.brokerEnd = new BrokerEnd({
        onWrite: (chunk) => this.fromBrokerSide(chunk, 'broker'),
        onBrokerClose: (error) => this.brokerClosed(error),
        onRead: () => {
          if (this.socket.isPaused()) this.socket.resume();
        },
      });
      this.env.connectBroker(this.brokerEnd);
    }
    return this.brokerEnd;
  }

  /** Tells the broker the device is gone (it then drops the session and publishes any will). */
  private endBrokerInput(): void {
    const end = this.brokerEnd;
    if (end && !end.destroyed && !end.readableEnded) end.push(null);
  }

  // broker → device

  private fromBrokerSide(chunk: Buffer, origin: 'broker' | 'gate', thenClose?: CloseRequest): void {
    if (this.state !== 'open') return;
    const { frames, error } = this.outFramer.push(chunk);
    // Several packets written at once (a burst of deliveries) leave in one write(2).
    if (frames.length > 1) this.corkOut();
    try {
      this.outboundFrames(frames, origin, thenClose);
    } finally {
      this.uncorkOut();
    }
    if (error !== undefined && this.state === 'open') {
      this.recordGarbage('out', this.outFramer.pending, error);
      this.shut('gate', 'fin', `undecodable stream from the broker: ${error}`);
    }
  }

  private outboundFrames(frames: Buffer[], origin: 'broker' | 'gate', thenClose: CloseRequest | undefined): void {
    for (const bytes of frames) {
      if (this.state !== 'open') return;
      // Decoded once, for the fault chain now and for the record when it reaches the device.
      const decoded = this.outDecoder.decode(bytes, this.protocolVersion);
      const packet = 'packet' in decoded ? decoded.packet : undefined;
      const decodeError = 'error' in decoded ? decoded.error : undefined;
      const frame: Frame = { dir: 'out', bytes, packet, origin };
      const verdict = this.env.judge(frame, this);
      if (this.state !== 'open') return;
      const close = thenClose ?? verdict.thenClose;
      if (verdict.swallow) {
        if (close) this.close(close);
        continue;
      }
      if (verdict.segments) this.pushSegments(frame, close, verdict.delayMs, verdict.segments, decodeError);
      else this.toDevice.push({ frame, thenClose: close, ...(decodeError !== undefined ? { decodeError } : {}) }, verdict.delayMs);
    }
  }

  /** Holds this turn's writes of whole packets on the device's socket, to go out together. */
  private corkOut(): void {
    if (this.corked) return;
    this.corked = this.socket;
    this.corked.cork();
  }

  private uncorkOut(): void {
    const carrier = this.corked;
    this.corked = undefined;
    carrier?.uncork();
  }

  /** A packet as pieces `gapMs` apart; no later packet overtakes them (the release queue keeps order). */
  private pushSegments(frame: Frame, thenClose: CloseRequest | undefined, delayMs: number | undefined, { bytes, gapMs, ws }: Segmenting, decodeError: string | undefined): void {
    // Each piece its own TCP segment: Nagle would merge pieces written while one is unacknowledged.
    this.tcp.setNoDelay(true);
    const count = Math.ceil(frame.bytes.length / bytes);
    const pieces = Array.from({ length: count }, (_, k) => frame.bytes.subarray(k * bytes, (k + 1) * bytes));
    // Over WebSocket the pieces are cut below the framing (fragments, or a frame across reads) and written on the TCP socket.
    const raw = this.rawPieces?.(pieces, ws ?? 'fragments');
    for (let k = 0; k < count; k++) {
      const part = raw?.[k]?.bytes ?? pieces[k]!;
      const last = k === count - 1;
      const held: Held = { frame, part, ...(raw ? { raw: true } : {}), ...(raw?.[k]?.ping ? { ping: true } : {}), ...(last ? { thenClose, ...(decodeError !== undefined ? { decodeError } : {}) } : { more: true }) };
      if (k === 0) this.toDevice.push(held, delayMs);
      else this.toDevice.pushAfterLast(held, gapMs);
    }
  }

  private releaseToDevice(held: Held): void {
    if (this.state !== 'open') return;
    if ('brokerClosed' in held) {
      this.shut('broker', 'fin', held.brokerClosed);
      return;
    }
    if (!('frame' in held)) return;
    const carrier: { write(b: Buffer): unknown } = held.raw ? this.tcp : this.socket;
    if (held.ping) this.env.timeline.stamp({ kind: 'ws.control', broker: this.env.broker, conn: this.id, dir: 'out', op: 'ping' });
    // A segment fault's piece is a write of its own, after every packet before it.
    if (held.part) this.uncorkOut();
    if (held.more) {
      carrier.write(held.part!);
      return;
    }
    if (held.part) {
      // The last piece: the device has the packet now, so it is recorded now.
      this.recordReleased(held);
      this.packetsOut++;
      carrier.write(held.part);
      if (held.thenClose) this.close(held.thenClose);
      return;
    }
    this.recordReleased(held);
    this.packetsOut++;
    this.socket.write(held.frame.bytes);
    if (held.thenClose) this.close(held.thenClose);
  }

  private brokerClosed(error: Error | undefined): void {
    if (this.brokerEnd?.destroyed && this.state === 'closed') this.resolveFinished();
    if (this.state !== 'open') return;
    // Behind anything still held for the device, as the broker's FIN would be.
    this.toDevice.push({ brokerClosed: error?.message });
  }

  // closing

  private shut(by: ClosedBy, how: CloseHow | 'error', reason: string | undefined): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.env.timeline.stamp({
      kind: 'tcp.close',
      broker: this.env.broker,
      conn: this.id,
      by,
      how,
      ...(reason !== undefined ? { reason } : {}),
    });
    this.toDevice.clear();
    if (by === 'device' && how === 'fin') this.toBroker.push({ deviceEnded: true });
    else {
      this.toBroker.clear();
      this.endBrokerInput();
    }
    this.toBroker.flush();
    this.reportTruncated();
    this.env.ended(this);
    if (by === 'device') return; // the socket is already ending or gone
    this.uncorkOut();
    if (how === 'rst') {
      // A reset discards unsent bytes: let a last packet (a refusal CONNACK) go out first.
      // On the TCP socket: a TLS session or a WebSocket has no reset of its own.
      if (this.socket.writableLength === 0) this.tcp.resetAndDestroy();
      else this.socket.write(Buffer.alloc(0), () => this.tcp.resetAndDestroy());
    } else {
      this.socket.end(() => this.socket.destroy());
    }
    this.finGuard = setTimeout(() => this.tcp.destroy(), FIN_GUARD_MS);
  }

  private reportTruncated(): void {
    if (this.inFramer.pending > 0) {
      this.recordGarbage('in', this.inFramer.pending, 'connection closed inside a packet (truncated)');
    }
  }

  private deviceEnded(): void {
    if (this.upgradePhase === 'upgrading' && this.upgrade) this.upgradeDone(this.upgrade.interrupted());
    else this.shut('device', 'fin', undefined);
  }

  private deviceError(err: NodeJS.ErrnoException): void {
    // During the upgrade the listener's own outcome names the cause (see tls-listener.ts, ws-listener.ts).
    if (this.upgradePhase === 'upgrading') return;
    if (err.code === 'ECONNRESET') this.shut('device', 'rst', undefined);
    else this.shut('device', 'error', `${err.code ?? 'error'}: ${err.message}`);
  }

  private socketClosed(): void {
    if (this.upgradePhase === 'upgrading' && this.upgrade) this.upgradeDone(this.upgrade.interrupted());
    this.shut('device', 'fin', 'socket closed');
    this.state = 'closed';
    if (this.finGuard) clearTimeout(this.finGuard);
    this.finGuard = undefined;
    this.env.released(this);
    this.resolveClosed();
    if (!this.brokerEnd || this.brokerEnd.destroyed) this.resolveFinished();
  }

  // recording

  /** A broker → device packet as it goes out, from its decoding when it came from the broker. */
  private recordReleased(held: { frame: Frame; decodeError?: string }): void {
    const { bytes, packet } = held.frame;
    this.record('out', bytes, packet ? { packet } : { error: held.decodeError ?? 'no packet decoded' });
  }

  private record(dir: Direction, bytes: Buffer, decoded: DecodeResult): Packet | undefined {
    if ('error' in decoded) {
      this.recordGarbage(dir, bytes.length, decoded.error);
      return undefined;
    }
    const fields = packetFields(decoded.packet);
    if ('unrecordable' in fields) {
      this.recordGarbage(dir, bytes.length, fields.unrecordable);
    } else {
      this.env.timeline.stamp({ kind: 'mqtt.packet', broker: this.env.broker, conn: this.id, dir, ...fields });
    }
    return decoded.packet;
  }

  private recordGarbage(dir: Direction, bytes: number, error: string): void {
    this.env.timeline.stamp({ kind: 'mqtt.garbage', broker: this.env.broker, conn: this.id, dir, bytes, error });
  }
}
