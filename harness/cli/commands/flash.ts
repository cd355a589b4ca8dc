/**
 * `hil flash --board NAME [--firmware PATH]`: flashes a physical board of the lab config
 * with `mos flash`, streaming its progress. Exit 0 on success, 2 with what to fix.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FlashError, flash } from '../../boards/flash.ts';
import { listPorts } from '../../boards/list-ports.ts';
import { loadLabForCli } from '../load-lab.ts';
import { CannotRunError, type Command, UsageError } from '../command.ts';

export const command: Command = {
  name: 'flash',
  summary: 'flash a lab board with mos flash (firmware from the lab config or --firmware)',
  usage: 'usage: hil flash --board NAME [--firmware PATH] [--config FILE] [--mos PATH] [--timeout SECONDS]',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        board: { type: 'string' },
        firmware: { type: 'string' },
        config: { type: 'string' },
        mos: { type: 'string' },
        timeout: { type: 'string', default: '300' },
      },
    });
    if (!values.board) throw new UsageError('--board is required: the name of a physical board in hil.config.ts');
    const timeoutS = Number(values.timeout);
    if (!(timeoutS > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
    const lab = await loadLabForCli(values.config);
    if (!lab) throw new CannotRunError('no lab config (hil.config.ts): copy hil.config.example.ts and describe your boards');
    const board = lab.boards.find((b) => b.name === values.board);
    if (!board) throw new UsageError(`no board named "${values.board}"; the lab has ${lab.boards.map((b) => b.name).join(', ')}`);
    if (board.kind !== 'physical') throw new UsageError(`board "${board.name}" is virtual: it runs the model and needs no flashing`);
    const port = board.port ?? listPorts().find((p) => p.serialNumber === board.serialNumber)?.path;
    if (!port) throw new CannotRunError(`board "${board.name}" (USB serial number ${board.serialNumber}) is not attached: see \`npx hil boards\``);
    const firmware = path.resolve(values.firmware ?? board.firmware ?? 'firmware/build/fw.zip');
    process.stdout.write(`flashing ${board.name} on ${port} with ${firmware}\n`);
    try {
      const { ms } = await flash({
        mos: values.mos ?? lab.mos,
        port,
        firmware,
        timeoutMs: timeoutS * 1000,
        onProgress: (line) => process.stdout.write(`  ${line}\n`),
      });
      process.stdout.write(`flashed ${board.name} in ${(ms / 1000).toFixed(1)} s\n`);
      return 0;
    } catch (err) {
      if (err instanceof FlashError) throw new CannotRunError(err.message);
      throw err;
    }
  },
};
