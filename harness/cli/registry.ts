/**
 * The sub-commands of `hil`, each in its own module under commands/. Only the module of
 * the command being run is loaded, so `hil call` starts without loading the brokers or
 * Playwright.
 */
import type { Command } from './command.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

const entry = (name: string, summary: string, load: () => Promise<{ command: Command }>): CommandEntry => ({
  name,
  summary,
  load: async () => (await load()).command,
});

export const commands: CommandEntry[] = [
  entry('qualify', 'run the qualification scenarios on the lab boards (one virtual board without a lab config)', () => import('./commands/qualify.ts')),
  entry('virtual', 'start a virtual board; prints its port path on the first line, runs until Ctrl-C', () => import('./commands/virtual.ts')),
  entry('call', 'call one RPC method on a board over its serial port and print the result', () => import('./commands/call.ts')),
  entry('console', 'print every line from a board with a host timestamp, like mos console', () => import('./commands/console.ts')),
  entry('boards', 'list serial ports, recognised ESP32 adapters, and the lab boards present/missing/busy', () => import('./commands/boards.ts')),
  entry('flash', 'flash a lab board with mos flash (firmware from the lab config or --firmware)', () => import('./commands/flash.ts')),
  entry('kill-matrix', 'qualify the virtual board once per personality and show which checks catch it', () => import('./commands/kill-matrix.ts')),
  entry('soak', 'qualify the faithful virtual board repeatedly and report false failures per check', () => import('./commands/soak.ts')),
  entry('mutation', 'mutation testing of the virtual board MQTT library, the qualification as the test', () => import('./commands/mutation.ts')),
  entry('report', 'render a run folder as index.html and report.pdf, or merge run folders (--merge DIR… --out DIR)', () => import('./commands/report.ts')),
  entry('rejudge', "re-run the current checks on a run's recorded inputs and print the verdicts that changed", () => import('./commands/rejudge.ts')),
  entry('brokers', 'run the primary/backup broker pair with fault gates and an HTTP control API', () => import('./commands/brokers.ts')),
];
