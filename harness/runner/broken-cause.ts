/**
 * The first cause of a broken scenario, as one reason a person can act on: the error's
 * own first sentence, plus what the serial evidence adds — the port vanishing (a board
 * killed or unplugged: said first, whatever error it then caused), the firmware printing
 * event lines that do not parse (the frozen quoting mistake looks exactly like a board
 * that never booted), reply frames thrown away while an RPC call waited, and the last
 * lines the board printed when a wait on it ran out. A reason is never cut: a first
 * line that leads in to a list (ends in ':') takes the list along.
 */
import { BoardHungError } from '../boards/reset/index.ts';
import { PORT_VANISHED_REASON, PortClosedError, SerialTimeoutError } from '../serial/errors.ts';
import { RpcTimeoutError } from '../serial/rpc-errors.ts';
import type { EventOf } from '../timeline/events.ts';

interface Evidence {
  /** Whether setup had completed when the error happened. */
  setUp: boolean;
  /** The board's serial lines since the scenario began. */
  serial: readonly EventOf<'serial'>[];
}

const LAST_LINES = 3;
const LEAD_IN_LINES = 3;

export function brokenCause(err: unknown, evidence: Evidence): string {
  const error = err instanceof Error ? err : new Error(String(err));
  const setup = evidence.setUp ? '' : 'setup: ';
  const parts: string[] = [];
  const vanished = evidence.serial.find((e) => e.line.type === 'noise' && String(e.line.reason ?? '').startsWith(PORT_VANISHED_REASON));
  if (vanished && !(error instanceof PortClosedError)) {
    parts.push(`${setup}the serial port of board ${vanished.board} vanished at +${vanished.t.toFixed(1)} ms (${String(vanished.line.reason)}), then: ${firstSentence(error)}`);
  } else if (error instanceof BoardHungError) {
    // "board hung: …" leads its reason, as the reset drivers' docs promise.
    parts.push(`${firstSentence(error)}${evidence.setUp ? '' : ' (in setup)'}`);
  } else {
    parts.push(`${setup}${firstSentence(error)}`);
  }
  const unparseable = evidence.serial.find((e) => e.line.type === 'noise' && /^HIL event/.test(String(e.line.reason ?? '')));
  if (unparseable) {
    parts.push(`the firmware printed an event line that does not parse: ${JSON.stringify(unparseable.line.text)} (${firstLineOf(String(unparseable.line.reason))})`);
  }
  if (error instanceof RpcTimeoutError && error.rejectedFrames.length > 0) {
    parts.push(`${error.rejectedFrames.length} reply frame(s) thrown away while it waited, the first: ${error.rejectedFrames[0]}`);
  }
  if (error instanceof SerialTimeoutError || error instanceof RpcTimeoutError || error instanceof BoardHungError) {
    const tail = error.tail.slice(-LAST_LINES);
    parts.push(tail.length > 0 ? `last lines: ${tail.join(' | ')}` : 'nothing was read from the port');
  }
  return parts.join('; ');
}

/**
 * Up to the first line break: the errors of the serial layer put their evidence on later
 * lines. A first line ending in ':' introduces what follows, so a few of those come along.
 */
function firstSentence(error: Error): string {
  const lines = error.message.split('\n');
  const first = lines[0]!.trim();
  // The closing full stop goes: the parts are joined with '; '.
  if (!first.endsWith(':')) return first.replace(/\.$/, '') || error.name;
  const more = lines.slice(1, 1 + LEAD_IN_LINES).map((l) => l.trim()).filter(Boolean);
  const rest = lines.length - 1 - more.length;
  return `${first} ${more.join(' | ')}${rest > 0 ? ` | … ${rest} more` : ''}`;
}

function firstLineOf(text: string): string {
  return text.split('\n')[0]!;
}
