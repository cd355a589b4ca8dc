/**
 * `hil console [--port P | --board NAME] [--baud N]`: every line from the board, stamped with the host's local time
 * when it arrived (Mongoose OS lines carry none), like `mos console`. Runs until Ctrl-C
 * or until the port goes away.
 */
import { parseArgs } from 'node:util';
import { wallTimeOf } from '../../clock.ts';
import { SerialError } from '../../serial/errors.ts';
import { SerialLink } from '../../serial/serial-link.ts';
import { portOptions, portUsage, resolvePort } from '../board-port.ts';
import { CannotRunError, type Command } from '../command.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `[Jan 24 09:53:08.540] ` in local time, the prefix mos console uses. */
export function consoleStamp(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `[${MONTHS[d.getMonth()]} ${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}]`;
}

export const command: Command = {
  name: 'console',
  summary: 'print every line from a board with a host timestamp, like mos console',
  usage: `usage: hil console [--port PORT | --board NAME] [--baud N] [--log FILE]
${portUsage}
  --log FILE      also write the lines to FILE`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { ...portOptions, log: { type: 'string' } } });
    const { port, baudRate } = await resolvePort(values);
    let link: SerialLink;
    try {
      link = await SerialLink.open({ path: port, baudRate, logPath: values.log });
    } catch (err) {
      if (err instanceof SerialError) throw new CannotRunError(err.message);
      throw err;
    }
    link.on('line', (line) => process.stdout.write(`${consoleStamp(wallTimeOf(line.t))} ${line.text}\n`));
    const closed = await new Promise<boolean>((resolve) => {
      process.once('SIGINT', () => resolve(false));
      process.once('SIGTERM', () => resolve(false));
      link.on('closed', (info) => resolve(info.disconnected));
    });
    await link.close();
    if (closed) {
      process.stderr.write(`hil console: ${port} went away\n`);
      return 2;
    }
    return 0;
  },
};
