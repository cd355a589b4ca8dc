/**
 * The first cause of a broken scenario, as one reason a person can act on: the error's
 * own first sentence, plus what the serial evidence adds — the firmware printing event
 * lines that do not parse (the frozen quoting mistake looks exactly like a board that
 * never booted), and the last lines the board printed when a wait on it ran out.
 */
import { BoardHungError } from '../boards/reset/index.ts';
import { SerialTimeoutError } from '../serial/errors.ts';
import { RpcTimeoutError } from '../serial/rpc-errors.ts';
import type { EventOf } from '../timeline/events.ts';

interface Evidence {
  /** Whether setup had completed when the error happened. */
  setUp: boolean;
  /** The board's serial lines since the scenario began. */
  serial: readonly EventOf<'serial'>[];
}

const LAST_LINES = 3;

export function brokenCause(err: unknown, evidence: Evidence): string {
  const error = err instanceof Error ? err : new Error(String(err));
  // "board hung: …" leads its reason, as the reset drivers' docs promise.
  const parts = [error instanceof BoardHungError ? `${firstSentence(error)}${evidence.setUp ? '' : ' (in setup)'}` : `${evidence.setUp ? '' : 'setup: '}${firstSentence(error)}`];
  const unparseable = evidence.serial.find((e) => e.line.type === 'noise' && /^HIL event/.test(String(e.line.reason ?? '')));
  if (unparseable) {
    parts.push(`the firmware printed an event line that does not parse: ${JSON.stringify(unparseable.line.text)} (${firstLineOf(String(unparseable.line.reason))})`);
  }
  if (error instanceof SerialTimeoutError || error instanceof RpcTimeoutError || error instanceof BoardHungError) {
    const tail = error.tail.slice(-LAST_LINES);
    parts.push(tail.length > 0 ? `last lines: ${tail.join(' | ')}` : 'nothing was read from the port');
  }
  return parts.join('; ');
}

/** Up to the first line break: the errors of the serial layer put their evidence on later lines. */
function firstSentence(error: Error): string {
  return firstLineOf(error.message).trim() || error.name;
}

function firstLineOf(text: string): string {
  return text.split('\n')[0]!;
}
