/** The sub-commands of `hil`, loaded lazily so `hil call` does not load the brokers. */
import type { Command } from './command.ts';

const modules: Array<() => Promise<{ command: Command }>> = [
  () => import('./commands/virtual.ts'),
  () => import('./commands/call.ts'),
  () => import('./commands/console.ts'),
  () => import('./commands/brokers-command.ts'),
];

export async function commands(): Promise<Command[]> {
  return Promise.all(modules.map(async (load) => (await load()).command));
}
