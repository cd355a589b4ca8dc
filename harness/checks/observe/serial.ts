/**
 * The board's serial lines as checks need them: the MQTT library's log messages (both
 * release 2.20.0 and master spellings), the test firmware's `HIL {json}` event lines, and
 * boot banners (a reboot). The serial log is evidence, not ground truth: lines can be
 * lost while the board sends an RPC frame.
 */
import { hilEvent, HIL_EVENT_PREFIX, type HilEvent } from '../../contract/hil.ts';
import { logMessageOf } from '../../contract/library-log.ts';
import type { EventOf } from '../../timeline/events.ts';
import type { CheckInput } from '../input.ts';

export interface LogLine {
  t: number;
  message: string;
  text: string;
  /** Position in the board's serial stream: orders log and event lines that share a stamp (one read). */
  seq: number;
}

export interface EventLine {
  t: number;
  event: HilEvent;
  text: string;
  /** Position in the board's serial stream (see LogLine.seq). */
  seq: number;
}

type SerialEvent = EventOf<'serial'>;

function boardSerial(input: CheckInput): SerialEvent[] {
  return input.events.filter((e): e is SerialEvent => e.kind === 'serial' && e.board === input.board.name);
}

export function observeLogLines(input: CheckInput): LogLine[] {
  return boardSerial(input).flatMap((e, seq) => (e.line.type === 'log' ? [{ t: e.t, message: logMessageOf(e.line), text: e.line.text, seq }] : []));
}

export function observeEventLines(input: CheckInput): EventLine[] {
  const out: EventLine[] = [];
  for (const [seq, e] of boardSerial(input).entries()) {
    if (e.line.type !== 'event') continue;
    let raw = (e.line as { event?: unknown }).event;
    if (raw === undefined && e.line.text.startsWith(HIL_EVENT_PREFIX)) {
      try {
        raw = JSON.parse(e.line.text.slice(HIL_EVENT_PREFIX.length));
      } catch {
        continue; // a garbled line is no evidence
      }
    }
    const parsed = hilEvent.safeParse(raw);
    if (parsed.success) out.push({ t: e.t, event: parsed.data, text: e.line.text, seq });
  }
  return out;
}

/** Stamps of boot banners: each is a reboot. */
export function observeBoots(input: CheckInput): number[] {
  return boardSerial(input)
    .filter((e) => e.line.type === 'banner' && ((e.line as { reboot?: unknown }).reboot === true || /(?:^|\s)Mongoose OS \S+ \(/.test(e.line.text)))
    .map((e) => e.t);
}

/** The library's log messages (conn id 0: the global connection), as the contract words them. */
export { libraryLog as mqttLog } from '../../contract/library-log.ts';
