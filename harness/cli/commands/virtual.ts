import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { runVirtualBoard, UsageError as BoardUsageError, usage } from '../../virtual/main.ts';

export const command: Command = {
  name: 'virtual',
  summary: 'start a virtual board; prints its port path on the first line, runs until Ctrl-C',
  usage,
  async run(argv) {
    try {
      return await runVirtualBoard(argv);
    } catch (err) {
      if (err instanceof BoardUsageError) throw new UsageError(err.message);
      throw err;
    }
  },
};
