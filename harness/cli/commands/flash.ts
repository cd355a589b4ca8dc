/**
 * `hil flash --board NAME | --port PORT [--firmware PATH]`: flashes a board with
 * `mos flash`, streaming its progress: a physical board of the lab config (its firmware
 * the default), or the board on a port (`--port`, else MOS_PORT as mos takes it).
 * Exit 0 on success, 2 with what to fix.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FlashError, flash } from '../../boards/flash.ts';
import { PORT_ENV, resolvePort } from '../board-port.ts';
import { loadLabForCli } from '../load-lab.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';

export const command: Command = {
  name: 'flash',
  summary: 'flash a lab board with mos flash (firmware from the lab config or --firmware)',
  usage: `usage: hil flash (--board NAME | --port PORT) [--firmware PATH] [--config FILE] [--mos PATH] [--timeout SECONDS]
  --board NAME     a physical board of the lab config (its port or USB serial number, its firmware)
  --port PORT      the board's serial port (default: $${PORT_ENV}, as mos takes it)
  --firmware PATH  the firmware zip (default: the board's firmware in the lab config, else firmware/build/fw.zip)
  --config FILE    the lab config (default hil.config.ts in this folder)
  --mos PATH       the mos tool (default: the lab config's mos, else mos on PATH)
  --timeout S      give up on mos flash after S seconds (default 300)`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        board: { type: 'string' },
        port: { type: 'string' },
        firmware: { type: 'string' },
        config: { type: 'string' },
        mos: { type: 'string' },
        timeout: { type: 'string', default: '300' },
      },
    });
    const timeoutS = Number(values.timeout);
    if (!(timeoutS > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
    const { port } = await resolvePort({ port: values.port, board: values.board, config: values.config });
    const lab = values.board !== undefined || values.config !== undefined ? await loadLabForCli(values.config) : undefined;
    const board = lab?.boards.find((b) => b.name === values.board && b.kind === 'physical');
    const name = board?.name ?? port;
    const firmware = path.resolve(values.firmware ?? (board?.kind === 'physical' ? board.firmware : undefined) ?? 'firmware/build/fw.zip');
    process.stdout.write(`flashing ${name} on ${port} with ${firmware}\n`);
    try {
      const { ms } = await flash({
        mos: values.mos ?? lab?.mos ?? 'mos',
        port,
        firmware,
        timeoutMs: timeoutS * 1000,
        onProgress: (line) => process.stdout.write(`  ${line}\n`),
      });
      process.stdout.write(`flashed ${name} in ${(ms / 1000).toFixed(1)} s\n`);
      return 0;
    } catch (err) {
      if (err instanceof FlashError) throw new CannotRunError(err.message);
      throw err;
    }
  },
};
