/** One `hil` sub-command. `run` returns the exit status: 0 ok, 1 a check or call failed, 2 could not run. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** A mistake in how the command was called or configured: exit 2 with the message and usage. */
export class UsageError extends Error {}

/** The harness could not do its job (port missing, mos missing…): exit 2 with what to fix. */
export class CannotRunError extends Error {}
