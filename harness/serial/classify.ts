/**
 * Classifies a raw line into a `SerialLine`. Recognisers are tried in order; the first
 * that claims the line decides its type. Order matters: RPC frames are checked on the
 * raw bytes before anything else (their CRC covers bytes, and the handshake reply holds
 * a control byte), and binary garbage is set aside before any text pattern is tried.
 * Text patterns match what a line says (the log message), never the `file:line` prefix,
 * whose names and numbers change between releases. A line no whole-line pattern claims
 * may be output printed without a newline with a real line glued after it: that line is
 * classified on its own, and the text before it kept as `before`.
 */
import { HIL_EVENT_PREFIX, hilEvent } from '../contract/hil.ts';
import * as z from 'zod';
import { stripAnsi } from './ansi.ts';
import { matchBanner } from './banner.ts';
import { isCrashLine } from './crash-line.ts';
import { findGluedStart } from './glued-line.ts';
import { parseIdfLine } from './idf-line.ts';
import type { RawLine } from './line-splitter.ts';
import { type ParsedLog, parseLogLine } from './log-line.ts';
import { parseRpcArrival } from './rpc-arrival.ts';
import { decodeFrameLine } from './rpc-frame.ts';
import type { LogSource, SerialLine } from './serial-line.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a recogniser decides; `t` and `text` are filled in by `classifyLine`. */
export type LineBody = DistributiveOmit<SerialLine, 't' | 'text'>;

export interface LineContext {
  raw: RawLine;
  /** The line decoded as UTF-8, invalid bytes as U+FFFD. */
  text: string;
  /** `text` without ANSI escape sequences. */
  plain: string;
  /** The Mongoose OS log prefix, when the line has one. */
  log: ParsedLog | undefined;
  /** What the line says: the log message when prefixed, else the plain text. */
  content: string;
}

export interface Recogniser {
  name: string;
  recognise(line: LineContext): LineBody | undefined;
}

// C0 controls other than TAB and CR, and DEL. ESC counts: colour sequences are already stripped.
const CONTROL_BYTES = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

function sourceOf(log: ParsedLog | undefined): { source?: LogSource } {
  return log ? { source: { file: log.file, line: log.line } } : {};
}

const truncated: Recogniser = {
  name: 'truncated',
  recognise: ({ raw }) =>
    raw.truncated
      ? { type: 'noise', reason: `line longer than ${raw.bytes.length} bytes: cut there, the rest dropped up to the next newline`, truncated: true, bytes: raw.bytes.length }
      : undefined,
};

const rpcFrame: Recogniser = {
  name: 'rpc-frame',
  recognise: ({ raw }) => {
    const decoded = decodeFrameLine(raw.bytes);
    if (decoded.status === 'frame') return { type: 'rpc', frame: decoded.frame };
    if (decoded.status === 'rejected') return { type: 'noise', reason: `RPC frame rejected: ${decoded.reason}`, bytes: raw.bytes.length };
    return undefined;
  },
};

const binaryGarbage: Recogniser = {
  name: 'binary-garbage',
  recognise: ({ raw, text, plain }) => {
    if (text.includes('\uFFFD')) return { type: 'noise', reason: 'invalid UTF-8', bytes: raw.bytes.length };
    const control = CONTROL_BYTES.exec(plain);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).padStart(2, '0');
      return { type: 'noise', reason: `control byte 0x${code} at column ${control.index}`, bytes: raw.bytes.length };
    }
    return undefined;
  },
};

const hilEventLine: Recogniser = {
  name: 'hil-event',
  recognise: ({ raw, content, log }) => {
    if (!content.startsWith(HIL_EVENT_PREFIX + '{')) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(content.slice(HIL_EVENT_PREFIX.length));
    } catch (err) {
      return { type: 'noise', reason: `HIL event line is not valid JSON: ${(err as Error).message}`, bytes: raw.bytes.length };
    }
    const parsed = hilEvent.safeParse(json);
    if (!parsed.success) {
      return { type: 'noise', reason: `HIL event does not match the contract: ${z.prettifyError(parsed.error)}`, bytes: raw.bytes.length };
    }
    return { type: 'event', event: parsed.data, ...sourceOf(log) };
  },
};

const banner: Recogniser = {
  name: 'banner',
  recognise: ({ content, log }) => {
    const m = matchBanner(content);
    return m ? { type: 'banner', field: m.field, value: m.value, reboot: m.reboot, ...sourceOf(log) } : undefined;
  },
};

const crash: Recogniser = {
  name: 'crash',
  recognise: ({ content, log }) => (isCrashLine(content) ? { type: 'crash', message: content, ...sourceOf(log) } : undefined),
};

const idf: Recogniser = {
  name: 'idf',
  recognise: ({ plain }) => {
    const m = parseIdfLine(plain);
    return m ? { type: 'idf', ...m } : undefined;
  },
};

const logLine: Recogniser = {
  name: 'log',
  recognise: ({ log }) => {
    if (!log) return undefined;
    const rpcRequest = parseRpcArrival(log.message);
    return { type: 'log', file: log.file, line: log.line, message: log.message, ...(rpcRequest ? { rpcRequest } : {}) };
  },
};

/** What a line can be when it starts in the middle of another (see glued-line.ts). */
const gluedChain: readonly Recogniser[] = [hilEventLine, banner, crash, idf, logLine];

const glued: Recogniser = {
  name: 'glued',
  recognise: ({ raw, plain }) => {
    const start = findGluedStart(plain);
    if (!start) return undefined;
    const rest = plain.slice(start.at);
    const log = parseLogLine(rest);
    const context: LineContext = { raw, text: rest, plain: rest, log, content: log ? log.message : rest };
    for (const recogniser of gluedChain) {
      const body = recogniser.recognise(context);
      if (body) return { ...body, before: plain.slice(0, start.at) };
    }
    return undefined;
  },
};

const plainText: Recogniser = { name: 'text', recognise: () => ({ type: 'text' }) };

export const recognisers: readonly Recogniser[] = [truncated, rpcFrame, binaryGarbage, hilEventLine, banner, crash, idf, logLine, glued, plainText];

const decoder = new TextDecoder('utf-8', { fatal: false });

export function classifyLine(raw: RawLine, chain: readonly Recogniser[] = recognisers): SerialLine {
  const text = decoder.decode(raw.bytes);
  const plain = stripAnsi(text);
  const log = parseLogLine(plain);
  const context: LineContext = { raw, text, plain, log, content: log ? log.message : plain };
  for (const recogniser of chain) {
    const body = recogniser.recognise(context);
    if (body) return { ...body, t: raw.t, text } as SerialLine;
  }
  return { type: 'text', t: raw.t, text };
}
