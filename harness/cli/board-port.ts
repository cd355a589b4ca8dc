/**
 * Which serial port a bench command (console, call) talks to, as `mos` habits go:
 * `--port P`; or `--board NAME` of the lab config (its port, or the port its adapter's
 * USB serial number is on); or the MOS_PORT environment variable, which `mos` reads too.
 * And at what speed: `--baud N` (default 115200, the firmware's console).
 */
import { listPorts } from '../boards/list-ports.ts';
import { portOf } from '../boards/preflight.ts';
import { DEFAULT_BAUD_RATE } from '../serial/port-open.ts';
import { CannotRunError, UsageError } from './command.ts';
import { loadLabForCli } from './load-lab.ts';
import { didYouMean } from './suggest.ts';

export const PORT_ENV = 'MOS_PORT';

/** The options every bench command takes, for its parseArgs and its usage. */
export const portOptions = {
  port: { type: 'string' },
  board: { type: 'string' },
  config: { type: 'string' },
  baud: { type: 'string' },
} as const;

export const portUsage = `  --port PORT     the board's serial port (default: $${PORT_ENV}, as mos takes it)
  --board NAME    a physical board of the lab config, found by its port or USB serial number
  --config FILE   the lab config for --board (default hil.config.ts in this folder)
  --baud N        the port's speed (default ${DEFAULT_BAUD_RATE}, the firmware's console)`;

export interface PortChoice {
  port?: string | undefined;
  board?: string | undefined;
  config?: string | undefined;
  baud?: string | undefined;
}

export async function resolvePort(v: PortChoice, env: Readonly<NodeJS.ProcessEnv> = process.env): Promise<{ port: string; baudRate: number }> {
  const baudRate = v.baud === undefined ? DEFAULT_BAUD_RATE : Number(v.baud);
  if (!Number.isInteger(baudRate) || baudRate <= 0) throw new UsageError(`--baud must be a whole number of bits per second (e.g. 115200), got "${v.baud}"`);
  if (v.port !== undefined && v.board !== undefined) throw new UsageError('give --port or --board, not both');
  if (v.port !== undefined) return { port: v.port, baudRate };
  if (v.board !== undefined) {
    const lab = await loadLabForCli(v.config);
    if (!lab) throw new CannotRunError(`--board ${v.board} names a board of the lab config, and there is none (hil.config.ts, or --config FILE)`);
    const board = lab.boards.find((b) => b.name === v.board);
    const names = lab.boards.map((b) => b.name);
    if (!board) throw new UsageError(`no board named "${v.board}"${didYouMean(v.board, names)}; the lab has ${names.join(', ')}`);
    if (board.kind !== 'physical') throw new UsageError(`board "${board.name}" is virtual: it has no port until hil qualify starts it (use hil virtual for one of your own)`);
    const port = portOf(board, listPorts());
    if (!port) throw new CannotRunError(`board "${board.name}" (USB serial number ${board.serialNumber}) is not attached: see \`npx hil boards\``);
    return { port, baudRate };
  }
  const fromEnv = env[PORT_ENV];
  if (fromEnv) return { port: fromEnv, baudRate };
  throw new UsageError(`which board? give --port PORT, --board NAME, or set ${PORT_ENV} (see \`npx hil boards\` for the ports on this machine)`);
}
