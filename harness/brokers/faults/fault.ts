/**
 * What a fault is. Like Toxiproxy's toxics: each fault is a small object with one job,
 * defined in its own file and registered by name (faults/registry.ts). The gate keeps an
 * ordered chain of active faults and asks each one, per connection and per packet, what
 * to do. Every hook is optional; a fault implements only what its job needs.
 *
 * Faults never own sockets or timers themselves: they act through `FaultConnection`
 * (reply, close) and `FaultContext.after` (a timer the gate clears when the fault is
 * switched off or the connection ends), so switching faults cannot leak either.
 */
import type { Packet } from 'mqtt-packet';
import * as z from 'zod';
import type { MonoMs } from '../../clock.ts';
import type { BrokerName } from '../../timeline/events.ts';
import type { Direction } from '../wire.ts';

export type CloseHow = 'fin' | 'rst';

export interface CloseRequest {
  how: CloseHow;
  /** Why, as it will appear in the timeline's `tcp.close` event. */
  reason: string;
}

/** One whole MQTT packet crossing the gate. `packet` is absent when it could not be decoded. */
export interface Frame {
  readonly dir: Direction;
  readonly bytes: Buffer;
  readonly packet: Packet | undefined;
  /** `gate` for packets a fault wrote itself (a refusal CONNACK). */
  readonly origin: 'device' | 'broker' | 'gate';
}

/** What a fault may see of, and do to, one connection. */
export interface FaultConnection {
  readonly id: number;
  readonly acceptedAt: MonoMs;
  readonly isOpen: boolean;
  /** Sends a packet to the device from the gate (through the outbound chain, so delays apply). */
  reply(packet: Packet, thenClose?: CloseRequest): void;
  /** Sends raw bytes to the device from the gate, as one packet would go (recorded as garbage when they do not decode). */
  inject(bytes: Buffer): void;
  /** Ends the connection now: the gate closes the device's socket and the broker's session. */
  close(request: CloseRequest): void;
}

export interface FaultContext {
  readonly broker: BrokerName;
  /** Live connections at this moment. */
  connections(): FaultConnection[];
  /** Runs `fn` after `ms` unless the fault is switched off or the connection ends first. */
  after(conn: FaultConnection, ms: number, fn: () => void): void;
  /** Uniform in [0, 1); injectable so random delays can be pinned in tests. */
  random(): number;
}

/**
 * What the gate does with one packet (a fault's ruling on a frame, not a check's
 * `Verdict`). Absent: pass it on unchanged. The rulings of a chain combine: any
 * `swallow` swallows, delays add up, the first `thenClose` wins.
 */
export interface FrameVerdict {
  /** Do not forward the packet. */
  swallow?: boolean;
  /** Hold it this long before forwarding (packets never overtake each other). */
  delayMs?: number;
  /** Close the connection once the packet has been forwarded (or swallowed). */
  thenClose?: CloseRequest;
  /** Write it to the device in pieces of `bytes`, `gapMs` apart (broker → device only); `ws`: how over WebSocket (faults/segment.ts). */
  segments?: Segmenting;
}

/** How a WebSocket carries a packet cut in pieces: fragments of one message, one frame cut across TCP reads, or messages of their own. */
export type WsPieces = 'fragments' | 'tcp' | 'messages';

export interface Segmenting {
  bytes: number;
  gapMs: number;
  ws?: WsPieces;
}

export interface Fault {
  /** `false`: nothing listens while this fault is on, so the OS refuses connections. */
  readonly listening?: boolean;
  /** The fault was switched on (act on the connections that are already live). */
  start?(ctx: FaultContext): void;
  /** A TCP connection was accepted (the fault may close it at once). */
  onAccept?(conn: FaultConnection, ctx: FaultContext): void;
  /** A packet crosses the gate. */
  onFrame?(frame: Frame, conn: FaultConnection, ctx: FaultContext): FrameVerdict | undefined;
  /** A connection ended: drop any state kept for it. */
  onClose?(conn: FaultConnection): void;
}

/** A named fault: its parameters' schema and how to build one. */
export interface FaultDefinition<N extends string = string, S extends z.ZodType = z.ZodType> {
  readonly name: N;
  readonly summary: string;
  /** The full spec, `{ fault: name, ...params }`, strict: unknown keys are refused. */
  readonly spec: S;
  create(spec: z.infer<S>): Fault;
}

export function defineFault<N extends string, P extends z.ZodRawShape, F extends Fault>(definition: {
  name: N;
  summary: string;
  params: P;
  /** A rule across parameters, with the message and the parameter it names. */
  refine?: {
    check: (spec: z.infer<z.ZodObject<{ fault: z.ZodLiteral<N> } & P, z.core.$strict>>) => boolean;
    message: string;
    path: string[];
  };
  create: (spec: z.infer<z.ZodObject<{ fault: z.ZodLiteral<N> } & P, z.core.$strict>>) => F;
}) {
  const base = z.strictObject({ fault: z.literal(definition.name), ...definition.params });
  const rule = definition.refine;
  const spec = rule ? base.refine(rule.check, { message: rule.message, path: rule.path }) : base;
  return {
    name: definition.name,
    summary: definition.summary,
    spec,
    create: definition.create,
  } as const;
}

/** The verdict-combining rule for a chain (see `FrameVerdict`). */
export function combineVerdicts(verdicts: ReadonlyArray<FrameVerdict | undefined>): FrameVerdict {
  const out: FrameVerdict = {};
  for (const v of verdicts) {
    if (!v) continue;
    if (v.swallow) out.swallow = true;
    if (v.delayMs) out.delayMs = (out.delayMs ?? 0) + v.delayMs;
    if (v.thenClose && !out.thenClose) out.thenClose = v.thenClose;
    if (v.segments && !out.segments) out.segments = v.segments;
  }
  return out;
}

export function isQoSAbove0(packet: Packet | undefined): boolean {
  if (!packet) return false;
  if (packet.cmd === 'publish') return packet.qos > 0;
  if (packet.cmd === 'subscribe') return packet.subscriptions.some((s) => s.qos > 0);
  return false;
}
