/**
 * `npx hil <command>`: a registry of sub-commands, each in harness/cli/commands/.
 * Exit status: 0 all good, 1 a check (or a device call) failed, 2 the harness could not
 * run — always with a message that says what to fix; 130 a run stopped by Ctrl-C or
 * SIGTERM (`hil qualify`: what finished is reported).
 */
import { harnessCommit, harnessVersion } from '../runner/settings.ts';
import { CannotRunError, UsageError } from './command.ts';
import { type CommandEntry, commands } from './registry.ts';
import { didYouMean, optionsOfUsage } from './suggest.ts';

function help(list: CommandEntry[]): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    'usage: hil <command> [options]',
    '',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'hil <command> --help shows the options of a command; hil --version the harness version and commit.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const list = commands;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${help(list)}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    const commit = harnessCommit();
    process.stdout.write(`mgos-hil ${harnessVersion()}${commit ? ` (commit ${commit})` : ''}\n`);
    return 0;
  }
  const found = list.find((c) => c.name === name);
  if (!found) {
    process.stderr.write(`hil: unknown command "${name}"${didYouMean(name, list.map((c) => c.name))}\n\n${help(list)}\n`);
    return 2;
  }
  const command = await found.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'(-[^']*)'/.exec(e.message)?.[1] ?? '';
      process.stderr.write(`hil ${name}: unknown option ${option}${didYouMean(option, optionsOfUsage(command.usage))}\n${command.usage}\n`);
      return 2;
    }
    if (err instanceof UsageError || e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      process.stderr.write(`hil ${name}: ${e.message}\n${command.usage}\n`);
      return 2;
    }
    if (err instanceof CannotRunError) {
      process.stderr.write(`hil ${name}: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`hil ${name}: ${e.stack ?? e.message}\n`);
    return 2;
  }
}
