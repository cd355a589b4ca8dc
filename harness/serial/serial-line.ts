/**
 * What one line from a board's serial port is, after classification. Every variant has
 * `type`, `t` (arrival, from harness/clock.ts) and `text` (the line decoded as UTF-8 with
 * U+FFFD for invalid bytes). Plain data, JSON-serialisable: it goes into the timeline as
 * `{kind: 'serial', board, line}`.
 */
import type { MonoMs } from '../clock.ts';
import type { HilEvent } from '../contract/hil.ts';
import type { RpcArrival } from './rpc-arrival.ts';
import type { RpcFrame } from './rpc-frame.ts';

/** Where a Mongoose OS log call came from: `<basename>:<line>` of the 24-column prefix. */
export interface LogSource {
  file: string;
  line: number;
}

interface LineBase {
  t: MonoMs;
  text: string;
  /**
   * Text printed without a newline just before this line began (a `printf` with no
   * `\n`), which the board's next line was joined to; the line's type and fields are
   * those of the part after it. Absent when the line started on a line of its own.
   */
  before?: string;
}

/** A Mongoose OS log line. Mongoose OS prints no level and no timestamp. */
export interface LogLine extends LineBase, LogSource {
  type: 'log';
  message: string;
  /** rpc-common's `<method> via <channel> <info>`: an RPC request reached its handler. */
  rpcRequest?: RpcArrival;
}

/** A `HIL {json}` line of the test firmware, validated against the contract. */
export interface EventLine extends LineBase {
  type: 'event';
  event: HilEvent;
  /** Present when the firmware printed the event through the logger. */
  source?: LogSource;
}

export const bannerFields = [
  'app', 'mongoose-os', 'cpu', 'newlib', 'esp-idf', 'boot-partition', 'mac', 'wdt', 'ram', 'init-done',
  'rom-date', 'rom-reset', 'rom-boot', 'rom-load',
] as const;
export type BannerField = (typeof bannerFields)[number];

/** A line the ROM, the bootloader or Mongoose OS prints while booting. */
export interface BannerLine extends LineBase {
  type: 'banner';
  field: BannerField;
  /** The line's content after the field's label (e.g. `2.20.0 (20211018-101800)`). */
  value: string;
  /** This line marks a (re)boot: `Mongoose OS <version> (<build id>)`. */
  reboot: boolean;
  source?: LogSource;
}

/** Evidence of a crash: the panic handler's lines. */
export interface CrashLine extends LineBase {
  type: 'crash';
  message: string;
  source?: LogSource;
}

export const idfLevels = ['E', 'W', 'I', 'D', 'V'] as const;
export type IdfLevel = (typeof idfLevels)[number];

/** An ESP-IDF log line (`I (1234) wifi: …`), ANSI colours removed. */
export interface IdfLine extends LineBase {
  type: 'idf';
  level: IdfLevel;
  /** The number in parentheses: ms since boot (or a wall time in some IDF configs, then absent). */
  ms?: number;
  tag: string;
  message: string;
}

/** An RPC frame from the device (CRC verified when it carried one). */
export interface RpcLine extends LineBase {
  type: 'rpc';
  frame: RpcFrame;
}

/** Anything else readable: mJS `print` output, blank lines, unknown firmware output. */
export interface TextLine extends LineBase {
  type: 'text';
}

/** Garbage, control bytes, cut lines, broken frames and invalid event lines. */
export interface NoiseLine extends LineBase {
  type: 'noise';
  reason: string;
  /** The line was longer than the limit and was cut. */
  truncated?: boolean;
  /** Length of the line in bytes as received (of the kept part when truncated). */
  bytes: number;
}

export type SerialLine = LogLine | EventLine | BannerLine | CrashLine | IdfLine | RpcLine | TextLine | NoiseLine;
export type SerialLineType = SerialLine['type'];
export type SerialLineOf<T extends SerialLineType> = Extract<SerialLine, { type: T }>;
