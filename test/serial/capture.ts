/**
 * Reads a console capture from test/serial/fixtures/: a header of `#` comments (where it
 * comes from) and `key: value` options, a `---` line, then the lines as `mos console`
 * showed them. What comes back is what the board sent: mos console's host timestamp is
 * taken off each line, and where the capture's page rendered the ESC byte of ANSI colour
 * sequences as another character (`esc-shown-as: ?`), ESC is put back.
 */
import { readFileSync } from 'node:fs';

const MOS_CONSOLE_TIME = /^\[[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d\.\d{3}\](?: |$)/;

export interface Capture {
  name: string;
  /** The board's lines, without their line ending. */
  lines: string[];
}

export function loadCapture(name: string): Capture {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const all = text.split('\n');
  const separator = all.indexOf('---');
  if (separator < 0) throw new Error(`fixture ${name}: no "---" line between the header and the capture`);
  const options = new Map<string, string>();
  for (const line of all.slice(0, separator)) {
    const m = /^([a-z-]+): (.+)$/.exec(line);
    if (m) options.set(m[1]!, m[2]!);
  }
  const esc = options.get('esc-shown-as');
  const colour = esc === undefined ? undefined : new RegExp(`${esc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[([0-9;]*m)`, 'g');
  const body = all.slice(separator + 1);
  if (body.at(-1) === '') body.pop();
  const lines = body.map((line, i) => {
    const time = MOS_CONSOLE_TIME.exec(line);
    if (!time) throw new Error(`fixture ${name}, capture line ${i + 1}: no mos console timestamp: ${JSON.stringify(line)}`);
    const own = line.slice(time[0].length);
    return colour ? own.replace(colour, '\x1b[$1') : own;
  });
  return { name, lines };
}
