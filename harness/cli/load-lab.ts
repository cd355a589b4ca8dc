/** The lab config as the CLI loads it: a config the harness cannot use is an exit-2 error that names it. */
import { LabConfigError, loadLab } from '../lab/load.ts';
import type { LabConfig } from '../lab/schema.ts';
import { CannotRunError } from './command.ts';

export async function loadLabForCli(file: string | undefined): Promise<LabConfig | undefined> {
  try {
    return await loadLab(file);
  } catch (err) {
    if (err instanceof LabConfigError) throw new CannotRunError(err.message);
    throw err;
  }
}
